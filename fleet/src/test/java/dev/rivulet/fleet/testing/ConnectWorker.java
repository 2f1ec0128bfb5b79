package dev.rivulet.fleet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A standalone Kafka Connect worker in the test's JVM, as {@code connect-standalone.sh} runs one: the connector
 * class is on the classpath, offsets in a file under {@code directory}, records' keys as strings and values as
 * the bytes the gateways sent. Stoppable and restartable with the same connector configuration.
 */
public final class ConnectWorker implements AutoCloseable {

    private final Map<String, String> workerProperties = new HashMap<>();
    private Connect<StandaloneHerder> connect;

    public ConnectWorker(String bootstrapServers, Path directory) throws IOException {
        Files.createDirectories(directory);
        workerProperties.put("bootstrap.servers", bootstrapServers);
        workerProperties.put("offset.storage.file.filename", directory.resolve("connect.offsets").toString());
        workerProperties.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        workerProperties.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        workerProperties.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        workerProperties.put("listeners", "http://127.0.0.1:0");
        workerProperties.put("offset.flush.interval.ms", "1000");
        workerProperties.put("plugin.discovery", "service_load");
    }

    /** Starts the worker and the connector {@code name} with {@code config}; returns once it is created. */
    public void start(String name, Map<String, String> config) throws Exception {
        // Connect leaves its plugin class loader as the thread's context loader; Spark, started from the same test
        // thread, would then compile its generated code against it and fail.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            connect = new ConnectStandalone().startConnect(workerProperties);
        } finally {
            Thread.currentThread().setContextClassLoader(loader);
        }
        Map<String, String> withName = new HashMap<>(config);
        withName.put("name", name);
        FutureCallback<Object> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, withName, true, (error, info) -> created.onCompletion(error, info));
        created.get(30, TimeUnit.SECONDS);
    }

    /** Stops the worker as its SIGTERM does: tasks stopped, records in flight flushed or dropped. */
    public void stop() {
        connect.stop();
        connect.awaitStop();
        connect = null;
    }

    @Override
    public void close() {
        if (connect != null) {
            stop();
        }
    }
}
