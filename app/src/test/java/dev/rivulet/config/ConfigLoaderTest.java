package dev.rivulet.config;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.rivulet.pipeline.BusOccupancyPipeline;
import dev.rivulet.sources.MqttInput;
import dev.rivulet.sources.SimulatorInput;
import dev.rivulet.storage.SyncMode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            batch: {interval: 10s}
            sources:
              fleet: {type: simulator}
            pipelines:
              occupancy: {type: bus-occupancy, source: fleet, window: 40s, slide: 10s}
            """;

    @Test
    void theShippedSampleAndDemoAreValid() throws Exception {
        RivuletConfig sample = ConfigLoader.sample();
        assertEquals("bus-gateway-1", sample.gatewayId());
        assertEquals(Duration.ofSeconds(1), sample.batchInterval());
        assertEquals(List.of("in", "out"), ((MqttInput) sample.sources().get("doors")).decoder().fields());
        assertEquals(1e9, ((MqttInput) sample.sources().get("doors")).decoder().maxMagnitude());
        assertEquals(0.9, sample.alerts().get("near-capacity").high());
        assertEquals(List.of("driver-display", "log"), sample.alerts().get("near-capacity").outputs());
        RivuletConfig demo = ConfigLoader.parse(new String(ConfigLoader.class.getResourceAsStream("/demo.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8), "demo.yaml");
        assertEquals(120.0, ((SimulatorInput) demo.sources().get("fleet")).speed());
    }

    @Test
    void defaultsFillWhatIsLeftOut() throws Exception {
        RivuletConfig config = ConfigLoader.parse(MINIMAL, "minimal");
        assertEquals("rivulet", config.gatewayId());
        assertEquals(SyncMode.FULL, config.synchronous());
        assertEquals(9780, config.statusPort());
        assertEquals(List.of(), config.statusAllowedHosts());
        assertEquals(List.of("gw-17.depot.example"), ConfigLoader.parse(MINIMAL + "status: {allowed-hosts: [gw-17.depot.example]}\n",
                "allowed").statusAllowedHosts());
        assertEquals(8, ((SimulatorInput) config.sources().get("fleet")).buses());
        assertEquals(60, ((BusOccupancyPipeline) config.pipelines().get("occupancy")).capacityOf("any-bus"));
    }

    /** One bad value each: the message names the key, the value and the fix. */
    @TestFactory
    Stream<DynamicTest> eachProblemIsReportedWithItsPathAndFix() {
        return Stream.of(
                invalid("window off the batch grid", MINIMAL.replace("window: 40s", "window: 45s"),
                        "pipelines.occupancy.window: 45s is not a multiple of the batch interval 10s; use 40s or 50s"),
                invalid("slide off the batch grid", MINIMAL.replace("slide: 10s", "slide: 15s"),
                        "pipelines.occupancy.slide: 15s is not a multiple of the batch interval 10s; use 10s or 20s"),
                invalid("not a duration", MINIMAL.replace("interval: 10s", "interval: ten"),
                        "batch.interval: ten is not a duration: write a number with a unit, such as 500ms, 10s, 5m or 1h"),
                invalid("misspelt key", MINIMAL.replace("window:", "windw:"),
                        "pipelines.occupancy.windw: is not a known key; did you mean window?"),
                invalid("unknown source", MINIMAL.replace("source: fleet", "source: doors"),
                        "pipelines.occupancy.source: doors is not declared under sources; declared: fleet"),
                invalid("unknown source type", MINIMAL.replace("type: simulator", "type: modbus"),
                        "sources.fleet.type: modbus is not one of mqtt, gpio, simulator, socket, directory"),
                invalid("bad fraction", MINIMAL + "alerts:\n  full: {pipeline: occupancy, high: 190%}\n",
                        "alerts.full.high: 190% is not a fraction: write a percentage such as 90% or a number from 0 to 1"),
                invalid("low above high", MINIMAL + "alerts:\n  full: {pipeline: occupancy, high: 80%, low: 90%}\n",
                        "alerts.full.low: must not be above high (0.8), or the alert could never clear"),
                invalid("unknown output", MINIMAL + "alerts:\n  full: {pipeline: occupancy, outputs: [screen]}\n",
                        "alerts.full.outputs: screen is not declared under outputs (there are none)"),
                invalid("bad condition", MINIMAL.replace("source: fleet,", "source: fleet, where: [in => 0],"),
                        "pipelines.occupancy.where: 'in => 0' is not a condition: write field op number, e.g. in >= 0"
                                + " (op is one of >= <= > < == !=)"),
                invalid("bad broker url", MINIMAL + "brokers:\n  local: {url: 'localhost:1883'}\n",
                        "brokers.local.url: localhost:1883 is not a broker URL: write tcp://host:1883 or ssl://host:8883"),
                invalid("mqtt source without topics", MINIMAL.replace("fleet: {type: simulator}",
                                "fleet: {type: simulator}\n  doors: {type: mqtt, broker: local}")
                                + "brokers:\n  local: {url: 'tcp://h:1883'}\n",
                        "sources.doors.topics: is required: list the topic filters to subscribe to, e.g. [buses/+/door]"),
                invalid("magnitude not positive", MINIMAL.replace("fleet: {type: simulator}",
                                "fleet: {type: simulator}\n  doors: {type: socket, decoder: {max-magnitude: 0}}"),
                        "sources.doors.decoder.max-magnitude: 0 is not a positive number: write the largest absolute"
                                + " value a numeric field may have, e.g. 1e9"),
                invalid("magnitude not a number", MINIMAL.replace("fleet: {type: simulator}",
                                "fleet: {type: simulator}\n  doors: {type: socket, decoder: {max-magnitude: lots}}"),
                        "sources.doors.decoder.max-magnitude: lots is not a positive number: write the largest absolute"
                                + " value a numeric field may have, e.g. 1e9"),
                invalid("required key", MINIMAL + "alerts:\n  full: {high: 90%}\n",
                        "alerts.full.pipeline: is required: name the signal this rule watches, watch: PIPELINE.SIGNAL"
                                + " (e.g. occupancy.load), or the pipeline, pipeline: NAME, for the kind's own signal"),
                invalid("missing password file", MINIMAL + "brokers:\n  c: {url: 'ssl://h:8883', password-file: /nonexistent/p}\n",
                        "brokers.c.password-file: /nonexistent/p cannot be read (NoSuchFileException): check the path"
                                + " and that the rivulet user may read it"),
                invalid("a URL as an allowed host", MINIMAL + "status: {allowed-hosts: ['http://gw.example:9780/']}\n",
                        "status.allowed-hosts: 'http://gw.example:9780/' is not a host name; write the name alone,"
                        + " without scheme, port or path, e.g. gw.example"),
                invalid("a signal the pipeline does not publish", MINIMAL + "alerts:\n  full: {watch: occupancy.lod}\n",
                        "alerts.full.watch: occupancy.lod: occupancy publishes no signal lod; its signals are load,"
                                + " fault-share, occupancy"),
                invalid("shares compared with a plain number", MINIMAL + "alerts:\n  full: {watch: occupancy.occupancy}\n",
                        "alerts.full.watch: capacity alerts compare shares (high and low such as 90%), and"
                                + " occupancy.occupancy is a plain number (passengers on board each bus): use type: threshold"),
                invalid("watch and pipeline disagree", MINIMAL + "alerts:\n  full: {watch: occupancy.load, pipeline: doors}\n",
                        "alerts.full.pipeline: doors is not the pipeline watch: occupancy.load names (occupancy): drop"
                                + " pipeline, watch says it"),
                invalid("results to a gpio output", MINIMAL.replace("window: 40s,", "window: 40s, outputs: [led],")
                                + "outputs:\n  led: {type: gpio, pin: 22, provider: mock}\n",
                        "pipelines.occupancy.outputs: led cannot take this pipeline's results: a gpio output shows"
                                + " whether a rule's alerts are open and takes no pipeline results: send results to an"
                                + " mqtt, log or upstream output, and watch the pipeline with an alert rule whose outputs"
                                + " include this one"),
                invalid("results to an mqtt topic with {rule}", MINIMAL.replace("window: 40s,", "window: 40s, outputs: [display],")
                                + "brokers:\n  local: {url: 'tcp://h:1883'}\n"
                                + "outputs:\n  display: {type: mqtt, broker: local, topic: 'buses/{key}/{rule}'}\n",
                        "pipelines.occupancy.outputs: display cannot take this pipeline's results: its topic"
                                + " buses/{key}/{rule} has {rule}, which only alerts fill in: give results an mqtt output"
                                + " of their own, with {pipeline} and {key} in its topic"),
                invalid("not yaml", "batch: [unclosed", null)
        );
    }

    /** A config with one problem; {@code expected} null means a YAML syntax error. */
    private static DynamicTest invalid(String name, String yaml, String expected) {
        return dynamicTest(name, () -> {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "test.yaml"));
            if (expected == null) {
                assertEquals("(syntax)", e.problems().get(0).path());
            } else {
                assertEquals(List.of(expected), e.problems().stream().map(ConfigProblem::toString).toList());
            }
        });
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = """
                batch: {interval: 10s}
                sources:
                  fleet: {type: simulator, buses: -3}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, window: 45s, slide: 10s}
                alerts:
                  full: {pipeline: occupancy, consecutive: 0}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "test.yaml"));
        assertEquals(List.of(
                "sources.fleet.buses: -3 is not a whole number from 1 to 10000",
                "alerts.full.consecutive: 0 is not a whole number from 1 to 10000",
                "pipelines.occupancy.window: 45s is not a multiple of the batch interval 10s; use 40s or 50s"),
                e.problems().stream().map(ConfigProblem::toString).toList());
        assertEquals("test.yaml: 3 problems", e.getMessage().lines().findFirst().orElseThrow());
    }

    @Test
    void occupancyRulesAreCheckedWithTheKeyAndTheFix() {
        String yaml = """
                sources:
                  fleet: {type: simulator}
                pipelines:
                  occupancy:
                    type: bus-occupancy
                    source: fleet
                    crush-load: 90%
                    plausibility: {negative-counts: true}
                    trip-end: {label: trip}
                    occupancy-levels: {many-seats: 150%}
                  temperatures: {type: aggregate, source: fleet, value: t, window: 1s, slide: 1s, plausibility: {negative-count: true}}
                alerts:
                  counters: {type: sensor-fault, pipeline: temperatures}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "test.yaml"));
        assertEquals(List.of(
                "pipelines.occupancy.crush-load: 90% is not a crush load (a share of the seats): write a percentage from 100% to 1000%",
                "pipelines.occupancy.plausibility.negative-counts: is not a known key; did you mean negative-count?",
                "pipelines.occupancy.trip-end.values: is required with trip-end.label: list the label values that end a trip, e.g. [end]",
                "pipelines.occupancy.occupancy-levels.many-seats: 150% is not a fraction: write a percentage such as 90% or a number from 0 to 1",
                "pipelines.temperatures.plausibility: is not a known key",
                "alerts.counters.type: sensor-fault alerts watch a pipeline's fault-share signal, and temperatures"
                        + " publishes none (its signals: value): use type: threshold, or watch: temperatures.SIGNAL"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    /**
     * Files written when every pipeline read every kind's keys still load, but the other kind's keys do nothing:
     * each is a warning that names it, the pipeline's kind and the fix.
     */
    @Test
    void aKeyOfTheOtherPipelineKindStillLoadsWithAWarning() throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                sources:
                  fleet: {type: simulator}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, value: in - out, aggregate: sum, key: key}
                  boardings: {source: fleet, value: in, window: 1m, slide: 1m, capacity: 60, boardings: in, stop-label: stop}
                """, "test.yaml");
        assertEquals(List.of("occupancy", "boardings"), List.copyOf(config.pipelines().keySet()));
        assertEquals(List.of(
                "pipelines.occupancy.key: remove it: pipelines of type bus-occupancy do not use key (it is ignored)",
                "pipelines.occupancy.value: remove it: pipelines of type bus-occupancy do not use value (it is ignored)",
                "pipelines.occupancy.aggregate: remove it: pipelines of type bus-occupancy do not use aggregate (it is ignored)",
                "pipelines.boardings.boardings: remove it: pipelines of type aggregate do not use boardings (it is ignored)",
                "pipelines.boardings.stop-label: remove it: pipelines of type aggregate do not use stop-label (it is ignored)",
                "pipelines.boardings.capacity: remove it: pipelines of type aggregate do not use capacity (it is ignored)",
                unseen("boardings")),
                config.warnings());
    }

    private static String unseen(String pipeline) {
        return "pipelines." + pipeline + ": its values go to no output and no alert rule watches it, so they are computed"
                + " for nobody (only the readings its where leaves out show on the status page): give it outputs, e.g."
                + " outputs: [log], or a rule with pipeline: " + pipeline;
    }

    /** An aggregate with no outputs and no rule computes nothing anyone sees; a bus-occupancy pipeline shows its buses. */
    @Test
    void aPipelineWhoseValuesNobodySeesIsAWarning() throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                sources:
                  fleet: {type: simulator}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet}
                  unseen: {type: aggregate, source: fleet, value: boardings, running: true}
                  logged: {type: aggregate, source: fleet, value: boardings, outputs: [log]}
                  watched: {type: aggregate, source: fleet, value: alightings}
                alerts:
                  many: {type: threshold, pipeline: watched, high: 10}
                """, "test.yaml");
        assertEquals(List.of(unseen("unseen")), config.warnings());
    }

    /**
     * The engine holds a batch's readings until it is computed: max-rate, a rate a second (Spark's), left at its
     * default, is lowered for long batches so a batch holds at most 60,000; set high by hand, it is a warning.
     */
    private static final String ONE_SIMULATOR = """
            sources: {fleet: {type: simulator}}
            pipelines: {occupancy: {type: bus-occupancy, source: fleet}}
            """;

    @Test
    void maxRateLeftOutHoldsABatchTo60000AndSetTooHighForLongBatchesIsAWarning() throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                batch: {interval: 5s}
                sources:
                  fleet: {type: simulator}
                  fast: {type: simulator, max-rate: 30000}
                  slow: {type: simulator, max-rate: 10000}
                  unbounded: {type: simulator, max-rate: 0}
                pipelines:
                  occupancy: {type: bus-occupancy, sources: [fleet, fast, slow, unbounded]}
                """, "test.yaml");
        Duration interval = config.batchInterval();
        assertEquals(12_000, config.sources().get("fleet").limits().maxRate(interval), "60,000 a batch of 5 s");
        assertEquals(30_000, config.sources().get("fast").limits().maxRate(interval));
        assertEquals(0, config.sources().get("unbounded").limits().maxRate(interval));
        assertEquals(List.of("sources.fast.max-rate: 30000 readings a second with batches of 5s lets a batch hold 150000,"
                + " and the engine holds a batch's readings until it is computed: the unit's 48 MiB heap holds about"
                + " 100,000. Lower max-rate, or leave it out (then a batch holds at most 60000)"), config.warnings());
        assertEquals(60_000, ConfigLoader.parse(ONE_SIMULATOR, "test.yaml").sources().get("fleet")
                .limits().maxRate(Duration.ofSeconds(1)), "Spark's kind of default at batches of a second or less");
        assertEquals(60_000, ConfigLoader.parse(ONE_SIMULATOR, "test.yaml").sources().get("fleet")
                .limits().maxRate(Duration.ofMillis(200)));
    }

    @Test
    void aSimulatorOfMoreBusesThanItsMaxKeysIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                sources:
                  fleet: {type: simulator, buses: 50, max-keys: 40}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet}
                """, "test.yaml"));
        assertEquals(List.of("sources.fleet.max-keys: 40 is fewer than the 50 buses simulated: the readings of the others"
                + " would be dead-lettered; raise it to 50 or more"), e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void theSampleHasNoWarnings() throws Exception {
        assertEquals(List.of(), ConfigLoader.sample().warnings());
    }

    /** An aggregate's window and slide are optional, as declared: absent, it is computed per batch. */
    @Test
    void anAggregateWithoutAWindowIsPerBatch() throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                sources:
                  fleet: {type: simulator}
                pipelines:
                  boardings: {source: fleet, value: in}
                """, "test.yaml");
        assertEquals(null, config.pipelines().get("boardings").window());
        assertEquals(null, config.pipelines().get("boardings").slide());
    }

    @Test
    void yamlCannotNameJavaObjects() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "gateway: !!javax.script.ScriptEngineManager [x]\n", "evil.yaml"));
        assertEquals("(syntax)", e.problems().get(0).path());
    }
}
