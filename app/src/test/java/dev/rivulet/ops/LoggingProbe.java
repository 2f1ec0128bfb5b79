package dev.rivulet.ops;

import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.tinylog.provider.ProviderRegistry;

/**
 * Runs in a JVM of its own for {@link LoggingRoutingTest}, because tinylog takes its configuration once per
 * JVM: configures logging with a file, then lets Paho, Pi4J's SLF4J and Rivulet log, the way they do in
 * the gateway.
 */
public final class LoggingProbe {

    private LoggingProbe() {
    }

    /** {@code args[0]}: the log file. */
    public static void main(String[] args) throws Exception {
        boolean applied = Logging.configure(LoggingSettings.defaults()
                .withLevel("warn")
                .withPackageLevel("org.eclipse.paho", "debug")
                .withPackageLevel("com.pi4j", "info")
                .withFile(Path.of(args[0])));
        // A second call finds tinylog in use: it must say so and go on, not throw.
        boolean appliedAgain = Logging.configure(LoggingSettings.defaults().withLevel("trace"));
        if (!applied || appliedAgain) {
            System.exit(3);
        }

        // Paho logs its client id at FINE through java.util.logging when a client is created.
        try (MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:1883", "probe-client-7",
                new MemoryPersistence())) {
            client.getClientId();
        }
        // Pi4J logs through SLF4J; tinylog names a line after the calling class, so Pi4J's own code logs here.
        com.pi4j.Pi4J.newContextBuilder();
        // The same SLF4J call from a class outside com.pi4j is held to the global level (warn).
        org.slf4j.LoggerFactory.getLogger(LoggingProbe.class).info("slf4j info line, below the global level");
        org.slf4j.LoggerFactory.getLogger(LoggingProbe.class).warn("slf4j warn {}", "line");
        java.util.logging.Logger.getLogger("some.other.library").info("jul info line, below the global level");
        org.tinylog.Logger.warn("rivulet warn line, password {}", Secrets.mask("hunter2"));
        ProviderRegistry.getLoggingProvider().shutdown();
    }
}
