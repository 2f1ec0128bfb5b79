package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code rivulet status} against a real server: the summary, and the exit code a script can test. */
class StatusClientTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsBusesAlertsAndMetricsOfAReadyGateway() throws Exception {
        ScriptedSource source = ScriptedSource.twoBuses();
        source.metrics = new StatusMetrics(120, 4800, 3, 12, 360, 1440, 2, 1, 5, 4_000, 1_572_864, 0, 0, 7);
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
            int code = run(server.uri().toString());
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(StatusClient.READY, code, text + err);
            assertTrue(text.startsWith("Rivulet at " + server.uri() + ": ready, last batch "), text);
            assertTrue(text.contains("120 batches, 4800 records in; last batch 3 ms late, processed in 12 ms"), text);
            assertTrue(text.contains("2 dropped, 1 dead letters, outbox 5, last checkpoint 4 s ago, "
                    + "1.5 MB written to the database"), text);
            assertTrue(text.matches("(?s).*\\n  bus-1 +42 +60 +70% +FEW_SEATS_AVAILABLE +2 +3 \\(7 passengers\\)\\n.*"), text);
            assertTrue(text.matches("(?s).*\\n  bus \"2\" +57 +60 +95% +0 +0 \\(0 passengers\\)\\n.*"), text);
            assertTrue(text.contains("Rejected readings: occupancy: negative-count 2\n"), text);
            assertTrue(text.matches("(?s).*\\n  STOP +BOARDINGS +ALIGHTINGS\\n  pipeline occupancy, the last 5 min:\\n"
                    + "  Main St +31 +4\\n  stop \"7\" +0 +12\\n  … 3 more stops\\n.*"), text);
            assertTrue(text.contains("Open alerts: 1\n  bus \"2\"  capacity since "), text);
            assertTrue(text.contains("(95%): 57 of 60 passengers"), text);
        }
    }

    @Test
    void notReadyExitsOneAndSaysWhy() throws Exception {
        ScriptedSource source = new ScriptedSource(request -> FleetStatus.empty(1000));
        source.health = Health.notReady("no batch completed yet");
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
            assertEquals(StatusClient.NOT_READY, run(server.uri().toString().replaceAll("/$", "")));
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains(": NOT READY, no batch yet\n  ! no batch completed yet\n"), text);
            assertTrue(text.contains("No bus seen yet."), text);
            assertTrue(text.contains("Open alerts: 0"), text);
        }
    }

    @Test
    void aLinkDownIsReadyButDegradedExitingFour() throws Exception {
        ScriptedSource source = new ScriptedSource(request -> FleetStatus.empty(1000));
        source.health = new Health(true, true, java.util.List.of("upstream down, holding 7 messages in the outbox: broker"
                + " 'central' (ssl://central:8883): refused credentials"));
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
            assertEquals(StatusClient.DEGRADED, run(server.uri().toString()));
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains(": ready, DEGRADED, no batch yet\n  ! upstream down, holding 7 messages"), text);
        }
    }

    @Test
    void nobodyListeningExitsThreeWithAHint() throws Exception {
        String url;
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, ScriptedSource.twoBuses())) {
            url = server.uri().toString();
        }
        assertEquals(StatusClient.UNREACHABLE, run(url));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("rivulet status: no gateway answered at " + url), text);
        assertTrue(text.contains("systemctl status rivulet"), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadUrlIsAUserError() {
        assertEquals(StatusClient.UNREACHABLE, run("127.0.0.1:9780"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a URL like http://127.0.0.1:9780"));
    }

    private int run(String url) {
        return StatusClient.run(url, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
