package dev.rivulet.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file is looked at once per batch time: tests step batch times by hand, never wait. */
class BaselineWatchTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private BaselineWatch watch(Path file, BaselineWatch.Expectation expectation) {
        return new BaselineWatch(file, "alerts.busier", expectation, warnings::add);
    }

    @Test
    void readAtStartAndAgainWhenTheFileChanges() throws Exception {
        Path file = dir.resolve("baseline.json");
        Baseline first = BaselineFileTest.sample();
        BaselineFile.write(first, file);
        BaselineWatch watch = watch(file, baseline -> null);
        assertEquals(first, watch.current());
        assertEquals(first, watch.at(10_000));
        Baseline same = watch.at(10_000);

        Baseline second = new Baseline(first.signal(), first.by(), first.slots(), first.quantile(), first.from(),
                first.to(), Map.of("bus-12", Map.of(32, new Usual(7, 0.9, 0.95))));
        BaselineFile.write(second, file);
        assertSame(same, watch.at(10_000), "within one batch the file is not looked at again");
        assertEquals(second, watch.at(20_000), "the next batch reads the new file");
        assertEquals(List.of(), warnings);
    }

    @Test
    void aBrokenFileIsSaidOnceAndThePreviousBaselineStays() throws Exception {
        Path file = dir.resolve("baseline.json");
        BaselineFile.write(BaselineFileTest.sample(), file);
        BaselineWatch watch = watch(file, baseline -> null);
        Files.writeString(file, "{\"format\": \"rivulet-baseline\", \"vers");
        assertEquals(BaselineFileTest.sample(), watch.at(10_000));
        assertEquals(BaselineFileTest.sample(), watch.at(20_000));
        assertEquals(1, warnings.size(), "said once, not every batch: " + warnings);
        assertTrue(warnings.get(0).startsWith("alerts.busier: " + file + " is not a baseline's JSON"), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("; the baseline read before stays in use"), warnings.get(0));
        assertTrue(watch.problem().contains("is not a baseline's JSON"), watch.problem());

        Files.delete(file);
        assertEquals(BaselineFileTest.sample(), watch.at(30_000), "a file removed keeps the baseline too");
        assertEquals(2, warnings.size());

        BaselineFile.write(BaselineFileTest.sample(), file);
        assertEquals(BaselineFileTest.sample(), watch.at(40_000));
        assertNull(watch.problem(), "mended");
    }

    @Test
    void noFileAtStartIsAWarningAndNoBaselineUntilOneComes() throws Exception {
        Path file = dir.resolve("later.json");
        BaselineWatch watch = watch(file, baseline -> null);
        assertNull(watch.at(10_000));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).endsWith("until there is one the rule raises nothing"), warnings.get(0));
        BaselineFile.write(BaselineFileTest.sample(), file);
        assertEquals(BaselineFileTest.sample(), watch.at(20_000));
    }

    @Test
    void aBaselineBuiltForOtherSettingsIsNotUsed() throws Exception {
        Path file = dir.resolve("baseline.json");
        BaselineFile.write(BaselineFileTest.sample(), file);
        BaselineWatch watch = watch(file, baseline -> "its slots are 60 minutes, the rule's 30");
        assertNull(watch.at(10_000));
        assertTrue(warnings.get(0).contains("was built for other settings: its slots are 60 minutes, the rule's 30;"
                + " build it again with rivulet replay --baseline-out, or change the rule"), warnings.get(0));
    }
}
