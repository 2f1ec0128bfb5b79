package dev.rivulet.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaselineFileTest {

    @TempDir
    Path dir;

    static Baseline sample() {
        return new Baseline("occupancy.load", Baseline.BY_KEY, new WeekSlots(Duration.ofHours(1), ZoneId.of("Europe/Berlin")),
                0.9, 1_793_574_000_000L, 1_795_388_400_000L, Map.of(
                        "bus-12", Map.of(32, new Usual(1080, 0.41, 0.62), 33, new Usual(1080, 0.3, 0.5)),
                        "bus-13", Map.of(0, new Usual(5, 0, 0.01))));
    }

    @Test
    void whatIsWrittenIsReadBackAndReadsForPeople() throws Exception {
        Path file = dir.resolve("baseline.json");
        BaselineFile.write(sample(), file);
        assertEquals(sample(), BaselineFile.read(file));
        String text = Files.readString(file);
        assertTrue(text.startsWith("{\"format\":\"rivulet-baseline\",\"version\":1,\"signal\":\"occupancy.load\",\"by\":\"key\","
                + "\"time-zone\":\"Europe/Berlin\",\"slot-minutes\":60,\"quantile\":0.9,\"from\":\"2026-11-01T23:00:00Z\",\"to\":\"2026-11-22T23:00:00Z\",\"usual\":{\"bus-12\":["), text);
        assertTrue(text.contains("\n{\"slot\":32,\"starts\":\"Tue 08:00\",\"samples\":1080,\"median\":0.41,\"high\":0.62}"), text);
        assertEquals(1, Files.list(dir).count(), "no temporary file left");
    }

    @Test
    void aNewerVersionIsRefusedWithWhatToDo() throws Exception {
        Path file = dir.resolve("baseline.json");
        BaselineFile.write(sample(), file);
        Files.writeString(file, Files.readString(file).replace("\"version\":1", "\"version\":2"));
        BaselineFileException e = assertThrows(BaselineFileException.class, () -> BaselineFile.read(file));
        assertTrue(e.getMessage().contains("of version 2, newer than this gateway reads (1): build it with this version's"
                + " rivulet replay, or update the gateway"), e.getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"format\":\"rivulet-baseline\",\"version\":1 | is not a baseline's JSON",
            "[1, 2] | the file must hold one JSON object",
            "{\"format\":\"something\"} | its format is 'something', not rivulet-baseline",
            "{\"format\":\"rivulet-baseline\",\"version\":1,\"signal\":\"o.load\",\"by\":\"key\",\"time-zone\":\"UTC\",\"quantile\":0.9,\"usual\":{}} | slot-minutes is missing",
            "{\"format\":\"rivulet-baseline\",\"version\":1,\"signal\":\"o.load\",\"by\":\"key\",\"time-zone\":\"UTC\",\"slot-minutes\":11,\"quantile\":0.9,\"usual\":{}} | does not cut a week into equal slots",
            "{\"format\":\"rivulet-baseline\",\"version\":1,\"signal\":\"o.load\",\"by\":\"key\",\"time-zone\":\"Mars/Olympus\",\"slot-minutes\":60,\"quantile\":0.9,\"usual\":{}} | Mars/Olympus",
            "{\"format\":\"rivulet-baseline\",\"version\":1,\"signal\":\"o.load\",\"by\":\"key\",\"time-zone\":\"UTC\",\"slot-minutes\":60,\"quantile\":0.9,\"usual\":{\"b\":[{\"slot\":168,\"samples\":1,\"median\":0,\"high\":0}]}} | slot 168 of b is not one of the 168 slots",
            "{\"format\":\"rivulet-baseline\",\"version\":1,\"signal\":\"o.load\",\"by\":\"key\",\"time-zone\":\"UTC\",\"slot-minutes\":60,\"quantile\":0.9,\"usual\":{\"b\":[{\"slot\":1,\"samples\":1,\"median\":0}]}} | usual.b[].high is missing",
    })
    void aBrokenFileIsSaidWithWhatIsWrong(String content, String said) throws IOException {
        Path file = Files.writeString(dir.resolve("broken.json"), content);
        BaselineFileException e = assertThrows(BaselineFileException.class, () -> BaselineFile.read(file));
        assertTrue(e.getMessage().contains(said), e.getMessage());
        assertTrue(e.getMessage().contains("rivulet replay --baseline-out"), e.getMessage());
    }

    @Test
    void aMissingFileSaysHowToMakeOne() {
        BaselineFileException e = assertThrows(BaselineFileException.class,
                () -> BaselineFile.read(dir.resolve("none.json")));
        assertTrue(e.getMessage().contains("none.json does not exist: build it with rivulet replay --baseline-out"),
                e.getMessage());
    }
}
