package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.broker.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, finding 4: what {@code run} used to fail on after {@code check-config} passed it — a state directory
 * that is a file, a broker port out of range (retried for ever), a binary configuration or CA file. The shipped
 * jar's {@code check-config} and {@code run} both refuse each one with status 1, at once, naming the key and the
 * fix; {@code run} starts nothing.
 */
class CheckConfigCatchesRunFailuresIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final String PIPELINE = """
            batch: {interval: 1s}
            pipelines:
              occupancy: {type: bus-occupancy, source: doors, capacity: 60}
            """;

    @TempDir
    Path dir;

    @Test
    void aStateDirectoryThatIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "not a directory\n");
        Path config = Files.writeString(dir.resolve("rivulet.yaml"), PIPELINE + """
                storage: {directory: '%s'}
                sources:
                  doors: {type: simulator}
                """.formatted(file.resolve("state")));
        refusedByBoth(config, "storage.directory: " + file.resolve("state") + " cannot be created: " + file
                + " is a file, not a directory");
    }

    @Test
    void aBrokerPortOutOfRange() throws Exception {
        Path config = Files.writeString(dir.resolve("rivulet.yaml"), PIPELINE + """
                storage: {directory: '%s'}
                brokers:
                  local: {url: 'tcp://127.0.0.1:99999'}
                sources:
                  doors: {type: mqtt, broker: local, topics: ['doors/#'], decoder: {format: json, key: bus, fields: [in, out]}}
                """.formatted(dir.resolve("state")));
        refusedByBoth(config, "brokers.local.url: tcp://127.0.0.1:99999 has port 99999, out of range: use a port from 1"
                + " to 65535");
    }

    /** A pin shows open alerts: an aggregate's numbers sent there would have vanished, and the file was accepted. */
    @Test
    void aPipelinesResultsToAGpioOutput() throws Exception {
        Path config = Files.writeString(dir.resolve("rivulet.yaml"), """
                batch: {interval: 1s}
                storage: {directory: '%s'}
                sources:
                  doors: {type: simulator}
                pipelines:
                  boardings: {type: aggregate, source: doors, value: boardings, outputs: [led]}
                outputs:
                  led: {type: gpio, pin: 22, provider: mock}
                """.formatted(dir.resolve("state")));
        refusedByBoth(config, "pipelines.boardings.outputs: led cannot take this pipeline's results: a gpio output shows"
                + " whether a rule's alerts are open and takes no pipeline results: send results to an mqtt, log or"
                + " upstream output");
    }

    @Test
    void aBinaryConfigurationFile() throws Exception {
        Path config = Files.write(dir.resolve("rivulet.yaml"), new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, 0x7F});
        refusedByBoth(config, "(file): is not UTF-8 text (a binary file?): give the YAML configuration file");
    }

    @Test
    void aBinaryCaFile() throws Exception {
        Path binary = Files.write(dir.resolve("ca.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        Path config = Files.writeString(dir.resolve("rivulet.yaml"), PIPELINE + """
                storage: {directory: '%s'}
                brokers:
                  local: {url: 'ssl://127.0.0.1:8883', ca-file: '%s'}
                sources:
                  doors: {type: mqtt, broker: local, topics: ['doors/#'], decoder: {format: json, key: bus, fields: [in, out]}}
                """.formatted(dir.resolve("state"), binary));
        refusedByBoth(config, "brokers.local.ca-file: " + binary + " is not PEM text, nor a DER certificate");
    }

    @Test
    void aCertificateAndItsKeyInOneFilePassCheckConfig() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "central");
        Path[] client = pki.client("gateway");
        Path both = Files.writeString(dir.resolve("gateway-both.pem"), Files.readString(client[0]) + Files.readString(client[1]));
        Files.setPosixFilePermissions(both, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path config = Files.writeString(dir.resolve("rivulet.yaml"), PIPELINE + """
                storage: {directory: '%s'}
                brokers:
                  local: {url: 'ssl://127.0.0.1:8883', ca-file: '%s', client-certificate: '%s'}
                sources:
                  doors: {type: mqtt, broker: local, topics: ['doors/#'], decoder: {format: json, key: bus, fields: [in, out]}}
                """.formatted(dir.resolve("state"), pki.caCertificate(), both));
        HostTools.Result check = rivulet("check-config", config.toString());
        assertEquals(0, check.exitCode(), check.output());
    }

    /** A max-rate that lets a long batch hold more than the unit's heap is a warning check-config says, and passes. */
    @Test
    void aMaxRateTooHighForTheBatchIntervalIsAWarning() throws Exception {
        Path config = Files.writeString(dir.resolve("rivulet.yaml"), """
                batch: {interval: 5s}
                pipelines:
                  occupancy: {type: bus-occupancy, source: doors, capacity: 60}
                storage: {directory: '%s'}
                sources:
                  doors: {type: simulator, max-rate: 50000}
                """.formatted(dir.resolve("state")));
        HostTools.Result check = rivulet("check-config", config.toString());
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("sources.doors.max-rate: 50000 readings a second with batches of 5s lets a"
                + " batch hold 250000"), check.output());
    }

    /**
     * An aggregate with no outputs and no rule watching it computes its values for nobody: a warning check-config
     * says, and passes (before, it said the file was ok and the gateway ran the pipeline to no end).
     */
    @Test
    void aPipelineWhoseValuesNobodySeesIsAWarning() throws Exception {
        Path config = Files.writeString(dir.resolve("rivulet.yaml"), PIPELINE + """
                  alighted: {type: aggregate, source: doors, value: alightings, aggregate: sum, running: true}
                storage: {directory: '%s'}
                sources:
                  doors: {type: simulator}
                """.formatted(dir.resolve("state")));
        HostTools.Result check = rivulet("check-config", config.toString());
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("warning: pipelines.alighted: its values go to no output and no alert rule"
                + " watches it"), check.output());
        assertTrue(!check.output().contains("pipelines.occupancy:"), "a bus-occupancy pipeline shows its buses: "
                + check.output());
    }

    /** Both commands end with status 1 (HostTools gives up after two minutes) and say {@code expected}. */
    private void refusedByBoth(Path config, String expected) {
        HostTools.Result check = rivulet("check-config", config.toString());
        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains(expected), "expected\n  " + expected + "\nin\n" + check.output());
        HostTools.Result run = rivulet("run", "--config", config.toString());
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains(expected), "expected\n  " + expected + "\nin\n" + run.output());
        assertTrue(!run.output().contains("Exception"), "a stack trace, not a message:\n" + run.output());
        assertTrue(!Files.exists(dir.resolve("state")), "run created its state before refusing the configuration");
    }

    private HostTools.Result rivulet(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return HostTools.run(dir, command);
    }
}
