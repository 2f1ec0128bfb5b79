package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.StatusClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each pipeline and alert rule gets back the state saved under its own name, from the shipped jar with the unit's
 * flags and mosquitto, when the configuration lists them in another order or leaves one out. Two running totals on
 * one source (boardings and alightings) are computed the same way but for the function, and so are two threshold
 * rules on one signal. Before, such twins were told apart by their order in the configuration: listed the other
 * way round they took each other's totals and alert states, and with the first left out the second took its
 * totals. With {@code -Drivulet.statebyname.jar=PATH} it runs another jar. Logs: {@code app/target/state-by-name/}.
 */
class StateByNameIT {

    private static final String TOPIC = "buses/door";
    private static final Path LOGS = Path.of("target", "state-by-name");
    private static final Pattern VALUE = Pattern.compile("\"value\":([-0-9.Ee]+)");
    private static final Pattern STATE = Pattern.compile("\"state\":\"(\\w+)\"");

    private static final String BOARDED = "  boarded: {type: aggregate, source: doors, value: in, aggregate: sum,"
            + " running: true, outputs: [display]}\n";
    private static final String ALIGHTED = "  alighted: {type: aggregate, source: doors, value: out, aggregate: sum,"
            + " running: true, outputs: [display]}\n";
    private static final String MANY = "  many: {type: threshold, pipeline: boarded, high: 10, low: 5, consecutive: 1,"
            + " outputs: [alarms]}\n";
    private static final String FEW = "  few: {type: threshold, pipeline: boarded, high: 1000, low: 500, consecutive: 1,"
            + " outputs: [alarms]}\n";

    @TempDir
    Path work;

    private Mosquitto broker;
    private UpstreamCollector display;
    private GatewayProcess gateway;

    @AfterEach
    void stopEverything() throws Exception {
        if (gateway != null) {
            gateway.destroy();
        }
        if (display != null) {
            display.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void pipelinesAndRulesListedInAnotherOrderOrLeftOutKeepTheirOwnState() throws Exception {
        Path jar = Path.of(System.getProperty("rivulet.statebyname.jar",
                HostTools.repositoryRoot().resolve("app/target/rivulet.jar").toString()));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it first (mvn package; verify does)");
        HostTools.require("mosquitto_pub");
        Files.createDirectories(LOGS);
        broker = new Mosquitto("state-by-name", work.resolve("broker"), LOGS.resolve("mosquitto.log"));
        display = new UpstreamCollector(broker.url(), "state-by-name-display", "depot/#", LOGS.resolve("collector.log"));
        Path state = work.resolve("state");
        int port = GatewayProcess.freePort();
        Path config = work.resolve("rivulet.yaml");
        gateway = GatewayProcess.withUnitFlags(jar, config, LOGS.resolve("gateway.log"), state);
        StatusClient status = new StatusClient(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(3));
        Map<String, Long> totals = new TreeMap<>();

        Files.writeString(config, config(state, port, BOARDED + ALIGHTED, MANY + FEW));
        gateway.start("boarded before alighted, many before few");
        gateway.awaitReady(status);
        publish(List.of(reading("bus-1", 3, 1), reading("bus-1", 4, 2), reading("bus-2", 5, 0), reading("bus-1", 4, 1)), totals);
        awaitTotals(totals, 60);
        awaitMessage("many raised on bus-1 (11 boardings)", m -> m.topic().equals("depot/alarms/many/bus-1"));
        assertTrue(gateway.terminate("the first life's end"));
        int linesBefore = gateway.lines().size();

        Files.writeString(config, config(state, port, ALIGHTED + BOARDED, FEW + MANY));
        gateway.start("alighted before boarded, few before many");
        gateway.awaitReady(status);
        publish(List.of(reading("bus-1", 2, 1), reading("bus-2", 1, 1)), totals);
        awaitTotals(totals, 60);
        assertTrue(gateway.terminate("the second life's end"));
        List<String> secondLife = gateway.lines().subList(linesBefore, gateway.lines().size());
        assertTrue(secondLife.stream().noneMatch(line -> line.contains("pipelines changed")),
                "another order is not a change:\n" + String.join("\n", secondLife));
        linesBefore = gateway.lines().size();

        Files.writeString(config, config(state, port, ALIGHTED, ""));
        gateway.start("alighted alone");
        gateway.awaitReady(status);
        publish(List.of(reading("bus-1", 9, 2), reading("bus-2", 9, 3)), totals);
        totals.keySet().removeIf(key -> key.startsWith("boarded/"));
        awaitTotals(totals, 60);
        assertTrue(gateway.terminate("the end"));
        List<String> thirdLife = gateway.lines().subList(linesBefore, gateway.lines().size());
        assertTrue(thirdLife.stream().anyMatch(line -> line.contains("pipelines changed")),
                "leaving boarded out is a change, and the log says so:\n" + String.join("\n", thirdLife));

        // many raised once on bus-1 (and again on no restart); few, never raised, never cleared.
        List<String> alarms = new ArrayList<>();
        for (UpstreamCollector.Message message : display.received()) {
            if (message.topic().startsWith("depot/alarms/")) {
                Matcher alarmState = STATE.matcher(message.payload());
                alarms.add(message.topic() + " " + (alarmState.find() ? alarmState.group(1) : message.payload()) + " "
                        + message.id());
            }
        }
        assertEquals(1, new TreeSet<>(alarms).size(), "one alarm, many raised on bus-1: " + alarms);
        assertTrue(alarms.get(0).startsWith("depot/alarms/many/bus-1 raised"), alarms.toString());
    }

    private String config(Path state, int port, String pipelines, String alerts) {
        return DoorCountsConfig.withoutPipelines("state-by-name", state, port, broker.url(), TOPIC, null)
                + "pipelines:\n" + pipelines + """
                outputs:
                  display: {type: mqtt, broker: local, topic: 'depot/{pipeline}/{key}', qos: 1, retained: false}
                  alarms: {type: mqtt, broker: local, topic: 'depot/alarms/{rule}/{key}', qos: 1, retained: false}
                """ + (alerts.isEmpty() ? "" : "alerts:\n" + alerts);
    }

    private static String reading(String bus, int in, int out) {
        return "{\"bus\":\"" + bus + "\",\"in\":" + in + ",\"out\":" + out + "}";
    }

    /** Publishes the readings and adds them to the running totals expected per pipeline and bus. */
    private void publish(List<String> readings, Map<String, Long> totals) throws Exception {
        broker.publishLines(TOPIC, readings);
        Pattern fields = Pattern.compile("\"bus\":\"([^\"]+)\",\"in\":(\\d+),\"out\":(\\d+)");
        for (String reading : readings) {
            Matcher m = fields.matcher(reading);
            assertTrue(m.find(), reading);
            totals.merge("boarded/" + m.group(1), Long.parseLong(m.group(2)), Long::sum);
            totals.merge("alighted/" + m.group(1), Long.parseLong(m.group(3)), Long::sum);
        }
    }

    /** Waits until the newest result of every pipeline and bus in {@code totals} is its expected running total. */
    private void awaitTotals(Map<String, Long> totals, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Map<String, Long> shown = new TreeMap<>();
        while (!shown.equals(totals)) {
            if (!gateway.alive()) {
                fail("the gateway exited with status " + gateway.exitValue());
            }
            if (System.nanoTime() > deadline) {
                fail("the running totals did not come right within " + seconds + " s: expected " + totals
                        + ", the newest results " + shown);
            }
            gateway.waitFor(200);
            shown.clear();
            for (UpstreamCollector.Message message : display.received()) {
                String key = message.topic().substring("depot/".length());
                Matcher value = VALUE.matcher(message.payload());
                if (totals.containsKey(key) && value.find()) {
                    shown.put(key, Math.round(Double.parseDouble(value.group(1))));
                }
            }
        }
    }

    private void awaitMessage(String what, Predicate<UpstreamCollector.Message> match)
            throws InterruptedException {
        assertTrue(display.await(match, Duration.ofSeconds(30)) != null, what + ": " + display.received());
    }
}
