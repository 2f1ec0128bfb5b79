package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.ops.HostTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway whose engine cannot go on (here: a checkpoint damaged the way a bug would damage it) must not stay up
 * doing nothing: the shipped jar under {@code rivulet run} ends with status 1 and one line saying why, so that
 * systemd restarts it, and leaves the state where it is.
 */
class EngineFailureExitIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");

    @TempDir
    Path dir;

    @Test
    void aDeadEngineEndsTheProcessWithStatusOne() throws Exception {
        Path state = dir.resolve("state");
        String yaml = """
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: 0}   # no status page: 9780 may be another test's
                sources:
                  fleet: {type: simulator, buses: 6, speed: 600}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}
                """.formatted(state);
        Path file = Files.writeString(dir.resolve("rivulet.yaml"), yaml);
        RivuletConfig config = ConfigLoader.parse(yaml, "rivulet.yaml");
        try (Gateway gateway = Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        })) {
            await("a few checkpoints", () -> gateway.checkpointer().lastCheckpointBatchTime() > 0
                    && gateway.metrics().batches() >= 5);
        }
        GatewayRestartTest.damageNewestCheckpoint(config);

        Path log = dir.resolve("gateway.log");
        Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-jar", JAR.toString(), "run", "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                fail("a gateway whose engine stopped is still running:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(1, gateway.exitValue(), output);
            assertTrue(output.contains("rivulet: the streaming engine stopped") || output.contains("rivulet: the gateway could not start"),
                    output);
            try (Stream<Path> files = Files.list(state)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("incompatible")
                        || p.getFileName().toString().contains("corrupt")), "state moved aside");
            }
        } finally {
            gateway.destroyForcibly();
        }
    }
}
