package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.alerts.ThresholdAlert;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.pipeline.spread.SpreadPipeline;
import dev.rivulet.storage.OutboxMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway runs a pipeline kind it has never heard of ({@link SpreadPipeline}, in the tests' own folder): an alert
 * rule watches its signal by name, its results go to an upstream output, and no file of {@code gateway/} names a
 * concrete kind of pipeline, alert or output.
 */
class TestOnlyPipelineKindTest {

    private static final List<String> KINDS = List.of("BusOccupancy", "AggregatePipeline", "CapacityAlert",
            "SensorFaultAlert", "ThresholdAlert", "MqttOutput", "GpioOutput", "LogOutput", "UpstreamOutput",
            "SimulatorInput", "MqttInput", "GpioInput", "SocketInput", "DirectoryInput");

    @TempDir
    Path state;

    @Test
    void aKindFromAnotherFolderRunsWithItsSignalWatchedAndItsResultsSent() throws Exception {
        RivuletConfig parsed = ConfigLoader.parse("""
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: 0}
                brokers:
                  nowhere: {url: 'tcp://127.0.0.1:1'}
                sources:
                  fleet: {type: simulator, buses: 4, speed: 600}
                pipelines:
                  placeholder: {type: aggregate, source: fleet}
                outputs:
                  central: {type: upstream}
                upstream: {broker: nowhere}
                """.formatted(state), "depot.yaml");
        RivuletConfig config = new RivuletConfig(parsed.gatewayId(), parsed.batchInterval(), parsed.stateDirectory(),
                parsed.synchronous(), parsed.checkpointEvery(), parsed.checkpointsKept(), parsed.outboxMax(),
                parsed.maxMegabytes(), parsed.logMaxMegabytes(), parsed.statusAddress(), parsed.statusPort(),
                parsed.statusAllowedHosts(), parsed.logLevel(), parsed.logLevels(), parsed.logFile(), parsed.brokers(),
                parsed.sources(),
                Map.of("doors", new SpreadPipeline("doors", List.of("fleet"), "boardings", List.of("central"))),
                Map.of("wide", new ThresholdAlert("wide", "doors", "spread", 1, 1, 1, List.of("log"))),
                parsed.outputs(), parsed.upstream(), parsed.archive(), List.of());
        ManualTime time = new ManualTime(Duration.ofMillis(100), 1);
        try (Gateway gateway = Gateway.start(config, pin -> {
            throw new AssertionError("no pins");
        }, time.clock())) {
            time.until("the rule on the signal spread raises an alert", () -> gateway.fleet().openAlerts().stream()
                    .anyMatch(alert -> alert.rule().equals("wide") && alert.detail().startsWith("boardings spread")));
            time.until("results in the outbox", () -> gateway.store().outbox().depth() > 0);
            OutboxMessage first = gateway.store().outbox().pending(1).get(0);
            assertTrue(first.id().startsWith("result/depot/doors/"), first.id());
            assertEquals("rivulet/depot/results/doors", first.topic());
        }
    }

    /** Adding a kind touches its own folder, its list of kinds and the sample: never the gateway. */
    @Test
    void noFileOfTheGatewayNamesAConcreteKind() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/rivulet/gateway"))) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                for (String kind : KINDS) {
                    assertTrue(!text.contains(kind), file.getFileName() + " names " + kind);
                }
            }
        }
    }
}
