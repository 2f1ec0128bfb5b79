package dev.rivulet.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rivulet.config.ConfigException;
import dev.rivulet.config.ConfigProblem;
import dev.rivulet.baseline.Baseline;
import dev.rivulet.baseline.WeekSlots;
import dev.rivulet.configfile.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusierThanUsualAlertTest {

    private static final String PIPELINE = """
            batch: {interval: 10s}
            sources:
              fleet: {type: simulator}
            pipelines:
              occupancy: {type: bus-occupancy, source: fleet, window: 40s, slide: 10s}
            alerts:
              busier:
                type: busier-than-usual
                watch: occupancy.load
                baseline: /var/lib/rivulet/baseline.json
            """;

    private static BusierThanUsualAlert read(String more) throws ConfigException {
        return (BusierThanUsualAlert) ConfigLoader.parse(PIPELINE + more, "test.yaml").alerts().get("busier");
    }

    @Test
    void theDefaultsAreTheDeclaredOnes() throws Exception {
        BusierThanUsualAlert rule = read("");
        assertEquals(0.1, rule.high(), 1e-12);
        assertEquals(0, rule.low());
        assertEquals(2, rule.consecutive());
        assertEquals(new BusierThanUsualAlert.History(Path.of("/var/lib/rivulet/baseline.json"),
                new WeekSlots(Duration.ofHours(1), ZoneId.systemDefault()), 0.9, 100, Map.of()),
                rule.history());
        assertEquals("occupancy.load", rule.signalPath());
        assertEquals("key", rule.history().by());
    }

    @Test
    void routesGroupBusesAndTheRestAreTheirOwn() throws Exception {
        BusierThanUsualAlert rule = read("""
                    margin: 20%
                    clear-margin: 5%
                    consecutive: 6
                    quantile: 0.95
                    slot: 30m
                    time-zone: Europe/Berlin
                    min-samples: 12
                    routes: {bus-12: route-4, bus-13: route-4}
                """);
        assertEquals(0.2, rule.high(), 1e-12);
        assertEquals(0.05, rule.low(), 1e-12);
        assertEquals(6, rule.consecutive());
        assertEquals(Duration.ofMinutes(30), rule.history().slots().width());
        assertEquals(ZoneId.of("Europe/Berlin"), rule.history().slots().zone());
        assertEquals("route-4", rule.history().groupOf("bus-13"));
        assertEquals("bus-14", rule.history().groupOf("bus-14"));
        assertEquals("route", rule.history().by());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "slot: 5h | alerts.busier.slot: PT5H does not cut a week into equal slots of whole minutes: use a width that divides a week, such as 15m, 30m, 1h, 2h, 6h or 24h",
            "time-zone: Berlin | alerts.busier.time-zone: 'Berlin' is not a time zone: write a region such as Europe/Berlin (the names under /usr/share/zoneinfo), or leave it out for the system's",
            "margin: 10%\\nclear-margin: 20% | alerts.busier.clear-margin: must not be above margin (0.1), or the alert could never clear",
            "quantile: 190% | alerts.busier.quantile: 190% is not a fraction: write a percentage such as 90% or a number from 0 to 1",
            "min-samples: 0 | alerts.busier.min-samples: 0 is not a whole number from 1 to 2147483647",
    })
    void aBadValueIsSaidWithItsFix(String yaml, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> read("    " + yaml.replace("\\n", "\n    ") + "\n"));
        assertEquals(List.of(expected), e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aBaselineFitsTheRuleItWasBuiltForAndSaysWhatDiffers() throws Exception {
        BusierThanUsualAlert rule = read("    time-zone: UTC\n");
        java.util.function.BiFunction<String, ZoneId, Baseline> baseline = (signal, zone) -> new Baseline(signal,
                Baseline.BY_KEY, new WeekSlots(Duration.ofHours(1), zone), 0.9, 0, 0, Map.of());
        assertNull(rule.problemWith(baseline.apply("occupancy.load", ZoneOffset.UTC)), "Z is UTC");
        assertNull(rule.problemWith(baseline.apply("occupancy.load", ZoneId.of("Etc/UTC"))));
        assertEquals("it holds occupancy.occupancy, the rule watches occupancy.load; its time zone is Europe/Berlin,"
                + " the rule's UTC", rule.problemWith(baseline.apply("occupancy.occupancy", ZoneId.of("Europe/Berlin"))));
    }

    @Test
    void theBaselineFileIsRequired() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                PIPELINE.replace("    baseline: /var/lib/rivulet/baseline.json\n", ""), "test.yaml"));
        assertEquals(List.of("alerts.busier.baseline"), e.problems().stream().map(ConfigProblem::path).toList());
    }
}
