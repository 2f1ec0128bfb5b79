package dev.rivulet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes and messages, never a stack trace for a user's mistake. */
class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachDemoGetsANewDirectoryOnlyItsUserCanOpen() throws Exception {
        Path first = Main.demoDirectory(dir);
        Path second = Main.demoDirectory(dir);
        assertFalse(first.equals(second));
        for (Path demo : new Path[] {first, second}) {
            assertEquals(dir, demo.getParent());
            assertTrue(demo.getFileName().toString().startsWith("rivulet-demo-" + ProcessHandle.current().pid() + "-"), demo.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(demo)));
        }
    }

    @Test
    void aBaselineNeedsItsFileAndABusierThanUsualRule() throws Exception {
        Path config = dir.resolve("rivulet.yaml");
        Files.writeString(config, dev.rivulet.configfile.ConfigLoader.sampleText());
        Path recording = Files.writeString(dir.resolve("capture.jsonl"),
                "{\"time\": 1796104800000, \"topic\": \"buses/b1/door\", \"payload\": \"{}\"}\n");
        assertEquals(Main.USAGE, run("replay", "--config", config.toString(), "--baseline-rule", "busier", recording.toString()));
        assertTrue(err().contains("--baseline-rule names the rule a baseline is built for: give --baseline-out FILE too"), err());
        Path baseline = dir.resolve("baseline.json");
        assertEquals(Main.FAILED, run("replay", "--config", config.toString(), "--baseline-out", baseline.toString(),
                recording.toString()));
        assertTrue(err().contains("rivulet replay: the configuration has no busier-than-usual alert rule: add one"), err());
        assertFalse(Files.exists(baseline), "nothing written");
        assertFalse(err().contains("Exception"), "no stack trace: " + err());
    }

    @Test
    void checkConfigAcceptsTheSample() throws Exception {
        Path file = dir.resolve("rivulet.yaml");
        Files.writeString(file, dev.rivulet.configfile.ConfigLoader.sampleText());
        assertEquals(Main.OK, run("check-config", file.toString()));
        assertTrue(out().contains(": ok (1 sources, 1 pipelines, 2 alert rules, batches of 1000 ms)"), out());
    }

    @Test
    void checkConfigListsEveryProblemAndExitsOne() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                batch: {interval: 10s}
                sources: {fleet: {type: simulator}}
                pipelines: {occupancy: {type: bus-occupancy, source: fleet, window: 45s, slide: 10s}}
                alerts: {full: {pipeline: occupancy, high: 190%}}
                """);
        assertEquals(Main.FAILED, run("check-config", file.toString()));
        assertTrue(err().contains("pipelines.occupancy.window: 45s is not a multiple of the batch interval 10s; use 40s or 50s"), err());
        assertTrue(err().contains("alerts.full.high: 190% is not a fraction"), err());
        assertFalse(err().contains("Exception"), "no stack trace: " + err());
    }

    @Test
    void checkConfigPassesWithWarningsAboutSecretFilesOthersMayRead() throws Exception {
        Path password = Files.writeString(dir.resolve("central.password"), "s3cret-Value\n");
        java.nio.file.Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path file = dir.resolve("rivulet.yaml");
        Files.writeString(file, """
                batch: {interval: 10s}
                brokers: {central: {url: 'ssl://central.example:8883', username: gw, password-file: '%s'}}
                sources: {fleet: {type: simulator}}
                pipelines: {occupancy: {type: bus-occupancy, source: fleet, window: 40s, slide: 10s}}
                upstream: {broker: central}
                """.formatted(password));
        assertEquals(Main.OK, run("check-config", file.toString()));
        assertTrue(err().contains("warning: brokers.central.password-file: " + password + " is readable by every user"
                + " (mode 0644): run chmod 600 " + password), err());
        assertFalse((out() + err()).contains("s3cret-Value"), out() + err());
    }

    @Test
    void checkConfigWarnsAboutAKeyThePipelineKindDoesNotUse() throws Exception {
        Path file = dir.resolve("rivulet.yaml");
        Files.writeString(file, """
                sources: {fleet: {type: simulator}}
                pipelines: {boardings: {source: fleet, value: boardings, capacity: 60}}
                """);
        assertEquals(Main.OK, run("check-config", file.toString()));
        assertTrue(err().contains("warning: pipelines.boardings.capacity: remove it: pipelines of type aggregate do not use"
                + " capacity (it is ignored)"), err());
    }

    @Test
    void aMissingFileIsAProblemNotAStackTrace() {
        assertEquals(Main.FAILED, run("check-config", dir.resolve("nope.yaml").toString()));
        assertTrue(err().contains("(file): cannot be read (NoSuchFileException"), err());
        assertEquals(Main.FAILED, run("run", "--config", dir.resolve("nope.yaml").toString()));
    }

    @Test
    void usageMistakesExitTwo() {
        assertEquals(Main.USAGE, run());
        assertEquals(Main.USAGE, run("fly"));
        assertTrue(err().contains("rivulet: unknown command 'fly'"), err());
        assertEquals(Main.USAGE, run("run", "--config"));
        assertTrue(err().contains("--config needs a value"), err());
        assertEquals(Main.USAGE, run("demo", "--seconds", "soon"));
        assertTrue(err().contains("--seconds takes a whole number from 1 to 86400, not 'soon'"), err());
    }

    @Test
    void versionAndHelp() {
        assertEquals(Main.OK, run("--version"));
        assertTrue(out().startsWith("rivulet "), out());
        assertEquals(Main.OK, run("--help"));
        assertTrue(out().contains("check-config FILE"), out());
    }

    @Test
    void theDemoRunsTheRealPipelineAndPrintsTheFleet() {
        assertEquals(Main.OK, run("demo", "--seconds", "4", "--port", "0"));
        String text = out();
        assertTrue(text.startsWith("Rivulet demo: 8 simulated buses"), text);
        assertTrue(text.contains("bus           on board  load"), text);
        assertTrue(text.contains("bus-8"), text);
        assertTrue(text.matches("(?s).*bus-1\\s+\\d+/40 .*"), text);
    }
}
