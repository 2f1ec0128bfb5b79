package dev.rivulet.fleet.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetJobSettingsTest {

    @Test
    void defaultsFillWhatIsNotGiven() {
        FleetJobSettings settings = FleetJobSettings.parse("--kafka", "k:9092", "--output", "/o", "--checkpoint", "/c",
                "--vehicle-positions", "/v.pb");
        assertEquals(Duration.ofSeconds(60), settings.trigger());
        assertEquals(Duration.ofHours(2), settings.dedupeHorizon());
        assertEquals(3, settings.silentPeriods());
        assertEquals("rivulet.summaries,rivulet.alerts,rivulet.outbox-dropped", settings.topics());
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FleetJobSettings.parse(
                "--kafka", "k:9092", "--trigger", "1 minute", "--silent-periods", "0", "--outptu", "/o"));
        assertEquals("""
                the fleet job's settings: 6 problems
                  --outptu: not a setting; the settings are [--kafka, --summaries-topic, --alerts-topic, \
                --outbox-dropped-topic, --output, --checkpoint, --vehicle-positions, --routes, --trigger, --dedupe-horizon, \
                --silent-periods, --max-offsets-per-trigger]
                  --output is required: directory (any Hadoop file system: hdfs://, s3a://, file:) of the Parquet tables
                  --checkpoint is required: the query's checkpoint directory (Hadoop file system; keep it with the output)
                  --vehicle-positions is required: the GTFS-Realtime VehiclePositions file, on the driver's local disk
                  --trigger 1 minute: not a duration; write a positive number with ms, s, min or h, such as 60s
                  --silent-periods 0: write a whole number of at least 1""", e.getMessage());
    }
}
