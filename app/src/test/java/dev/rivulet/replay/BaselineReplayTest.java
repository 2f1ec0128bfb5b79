package dev.rivulet.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rivulet.alerts.BusierThanUsualAlert;
import dev.rivulet.baseline.Baseline;
import dev.rivulet.baseline.BaselineFile;
import dev.rivulet.baseline.Usual;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baseline and the busier-than-usual rule on a seeded history ({@link SeededWeeks}), in process: the baseline
 * of three normal weeks, then the fourth week replayed with the rule on gives the unusual Wednesday's alerts and
 * nothing else. Replays run on the replay's own manual clock: no waiting.
 */
public class BaselineReplayTest {

    @TempDir
    Path dir;

    private Path baseline;
    private RivuletConfig config;
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void configure() throws Exception {
        baseline = dir.resolve("baseline.json");
        config = ConfigLoader.parse(SeededWeeks.config(dir.resolve("state"), baseline, "tcp://127.0.0.1:1"), "seeded.yaml");
    }

    @Test
    void exactlyTheUnusualDaysAlerts() throws Exception {
        Path normal = SeededWeeks.write(SeededWeeks.weeks(0, SeededWeeks.UNUSUAL_WEEK), dir.resolve("normal.jsonl.gz"));
        Path unusual = SeededWeeks.write(SeededWeeks.weeks(SeededWeeks.UNUSUAL_WEEK, SeededWeeks.UNUSUAL_WEEK + 1),
                dir.resolve("unusual.jsonl"));
        Baseline built = BaselineReplay.build(new Replay.Settings(config, List.of(normal), null, null),
                BaselineReplay.ruleFor(config, null), baseline, new ByteArrayOutputStream(), progressStream());
        assertTrue(progress.toString().contains("baseline of occupancy.load by key for alerts.busier: 3 keys, 504 slots"
                + " of 60 minutes"), progress.toString());
        // Tuesday 08:00-09:00 in Berlin is slot 32: a weekday rush, 50 to 56 of 60 seats, three weeks of 12 batches.
        Usual rush = built.inSlot("bus-2", 32);
        assertEquals(36, rush.samples());
        assertTrue(rush.median() > 0.83 && rush.high() <= 56 / 60.0 && rush.high() >= rush.median(), rush.toString());
        assertEquals(built, BaselineFile.read(baseline), "what is written is what was built");

        List<Map<String, String>> alerts = alerts(replay(unusual));
        assertEquals(2, alerts.size(), alerts.toString());
        Map<String, String> raised = alerts.get(0);
        Map<String, String> cleared = alerts.get(1);
        assertEquals(List.of("bus-2", "raised", "bus-2", "cleared"),
                List.of(raised.get("key"), raised.get("state"), cleared.get("key"), cleared.get("state")));
        // 11:00:31 brings 56 on board: the batches ending 11:05 and 11:10 are above, the second raises. 13:00:31
        // brings it back: the batch ending 13:05 clears.
        assertEquals(SeededWeeks.unusualDayAt(SeededWeeks.UNUSUAL_FROM) + 10 * 60_000, Long.parseLong(raised.get("batchTime")));
        assertEquals(SeededWeeks.unusualDayAt(SeededWeeks.UNUSUAL_TO) + 5 * 60_000, Long.parseLong(cleared.get("batchTime")));
        assertEquals("56 of 60 passengers; usually up to 0.35 on Wed 11:00 (90% quantile of 36 batches, median 0.32)",
                raised.get("detail"), "what is usual, in the alert");

        // The weeks the baseline was built from are what is usual: replayed with the rule on, they raise nothing.
        assertEquals(List.of(), alerts(replay(normal)));
    }

    @Test
    void withoutABaselineTheRuleRaisesNothingAndTheReplayRuns() throws Exception {
        Path unusual = SeededWeeks.write(SeededWeeks.weeks(SeededWeeks.UNUSUAL_WEEK, SeededWeeks.UNUSUAL_WEEK + 1),
                dir.resolve("unusual.jsonl"));
        assertEquals(List.of(), alerts(replay(unusual)));
    }

    @Test
    void aBaselineNeedsABusierThanUsualRuleAndNamesItWhenThereAreSeveral() throws Exception {
        RivuletConfig none = ConfigLoader.parse(SeededWeeks.config(dir.resolve("state"), baseline, "tcp://127.0.0.1:1")
                .replace("type: busier-than-usual", "type: capacity").replaceAll("(?m)^ {4}(baseline|margin|clear-margin"
                        + "|quantile|slot|time-zone|min-samples):.*\\n", ""), "none.yaml");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> BaselineReplay.ruleFor(none, null));
        assertTrue(missing.getMessage().contains("has no busier-than-usual alert rule"), missing.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> BaselineReplay.ruleFor(config, "crowded"));
        assertTrue(wrong.getMessage().contains("--baseline-rule crowded is not a busier-than-usual alert rule of the"
                + " configuration; it has busier"), wrong.getMessage());
        BusierThanUsualAlert rule = BaselineReplay.ruleFor(config, "busier");
        assertNotNull(rule);
        assertEquals("occupancy.load", rule.signalPath());
    }

    private PrintStream progressStream() {
        return new PrintStream(progress, true, StandardCharsets.UTF_8);
    }

    private byte[] replay(Path recording) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Replay(new Replay.Settings(config, List.of(recording), null, null), progressStream()).run(out);
        return out.toByteArray();
    }

    /** The alerts the display output got, each as its JSON members. */
    public static List<Map<String, String>> alerts(byte[] replayed) throws IOException {
        List<Map<String, String>> alerts = new ArrayList<>();
        JsonFactory json = new JsonFactory();
        for (String line : new String(replayed, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Map<String, String> members = members(json, line);
            if ("mqtt".equals(members.get("output")) && members.get("topic").endsWith("/busy")) {
                alerts.add(members(json, members.get("payload")));
            }
        }
        return alerts;
    }

    private static Map<String, String> members(JsonFactory json, String text) throws IOException {
        Map<String, String> members = new HashMap<>();
        try (JsonParser parser = json.createParser(text)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), text);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                members.put(name, parser.getText());
            }
        }
        return members;
    }
}
