package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ops.HostTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in Debian's headless Chromium, against a real server whose fleet changes with every
 * request: the page must load, run its script, show every bus, the chart and the open alert, and keep
 * polling (a bus that appears only in later answers must be on the page).
 *
 * <p>{@code --virtual-time-budget} lets the page's timers run ahead of the wall clock until the budget is
 * spent, waiting for each fetch to come back, and {@code --dump-dom} then prints the live DOM: no sleeps.
 * Skipped where chromium is not installed, unless {@code CI=true}.
 */
class StatusPageBrowserTest {

    /** Every request a new state: bus-1 gains a passenger each time, bus-3 shows up from the third on. */
    private static FleetStatus fleet(int request) {
        List<FleetStatus.Bus> buses = new ArrayList<>();
        List<Long> history = new ArrayList<>();
        for (int i = 0; i < Math.min(request, 30); i++) {
            history.add(10L + request - Math.min(request, 30) + i + 1);
        }
        buses.add(new FleetStatus.Bus("bus-1", 10 + request, 60, (10 + request) / 60.0, history));
        buses.add(new FleetStatus.Bus("bus-2", 57, 60, 0.95, List.of(50L, 55L, 57L), "occupancy", 30,
                "FEW_SEATS_AVAILABLE", 64, java.util.Map.of("negative-count", 2L, "event-over-crush-load", 1L), 3, 7));
        if (request >= 3) {
            buses.add(new FleetStatus.Bus("bus-3", 5, 40, 0.125, List.of(5L)));
        }
        return new FleetStatus(1_763_690_000_000L + request * 1000L, 1000, buses,
                List.of(new FleetStatus.OpenAlert("capacity", "bus-2", 1_763_689_990_000L, 0.95, "57 of 60 passengers")),
                java.util.Map.of(), java.util.Map.of("occupancy", new FleetStatus.StopWindow(300_000, 1_763_689_980_000L,
                        List.of(new FleetStatus.Stop("Main St", 31 + request, 4)), 2)));
    }

    @Test
    void showsTheBusesTheChartTheAlertAndUpdates(@TempDir Path profile) throws Exception {
        HostTools.require("chromium");
        ScriptedSource source = new ScriptedSource(StatusPageBrowserTest::fleet);
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
            HostTools.Result browser = HostTools.chromiumDom(profile, server.uri() + "?interval=500", 10_000);
            String dom = browser.output();
            assertEquals(0, browser.exitCode(), dom);

            int requests = source.fleetRequests.get();
            assertTrue(requests >= 3, "the page should have polled several times, polled " + requests + ":\n" + dom);
            int updates = Integer.parseInt(find("data-updates=\"(\\d+)\"", dom));
            assertTrue(updates >= 3, "the page should have redrawn several times:\n" + dom);

            for (String bus : List.of("bus-1", "bus-2", "bus-3")) {
                assertTrue(Pattern.compile("<tr data-bus=\"" + bus + "\"[ >]").matcher(dom).find(), bus + " missing from the table:\n" + dom);
                assertTrue(Pattern.compile("<polyline [^>]*data-bus=\"" + bus + "\"").matcher(dom).find(),
                        bus + " missing from the chart:\n" + dom);
            }
            // bus-1's number is from a later answer than the first one (11 passengers).
            int shown = Integer.parseInt(find("<tr data-bus=\"bus-1\">.*?class=\"num occupancy\">(\\d+)<", dom));
            assertTrue(shown >= 13 && shown <= 10 + requests, "bus-1 shows " + shown + " after " + requests + " requests");
            assertTrue(dom.contains("57 of 60 passengers"), "the open alert is listed:\n" + dom);
            assertTrue(Pattern.compile("<li data-bus=\"bus-2\">bus-2 — capacity since").matcher(dom).find(), dom);
            assertTrue(dom.contains(">ready<"), "the state badge says ready:\n" + dom);
            // The occupancy level next to the percentage, rejected readings and corrections per bus, totals per rule.
            String bus2 = find("(<tr data-bus=\"bus-2\" data-pipeline=\"occupancy\">.*?</tr>)", dom);
            assertTrue(bus2.contains("class=\"num load\">95%</td><td class=\"level\""), bus2);
            assertTrue(bus2.contains(">few seats available · 64%<"), "the level and the percentage of 60 seats + 30 standing: "
                    + bus2);
            assertTrue(Pattern.compile("class=\"num rejected\"[^>]*>3<").matcher(bus2).find(), bus2);
            assertTrue(bus2.contains("class=\"num corrections\">3 (7)<"), bus2);
            assertEquals("Readings rejected: occupancy: event-over-crush-load 1, negative-count 2",
                    find("<p id=\"rejected\"[^>]*>([^<]*)<", dom));
            assertTrue(find("<p id=\"metrics\"[^>]*>([^<]*)<", dom).contains("batches"), dom);
            // The stops: a heading per pipeline with its window, the busiest first, from a later answer than the first.
            assertTrue(find("(<tr class=\"pipeline\" data-pipeline=\"occupancy\"><th colspan=\"3\">[^<]*<)", dom)
                    .contains("pipeline occupancy: the last 5 min, as of "), dom);
            assertTrue(dom.contains("(2 quieter stops not shown)"), dom);
            String stop = find("(<tr data-stop=\"Main St\" data-pipeline=\"occupancy\">.*?</tr>)", dom);
            int boardings = Integer.parseInt(find("class=\"num boardings\">(\\d+)<", stop));
            assertTrue(boardings >= 34 && boardings <= 31 + requests, stop + " after " + requests + " requests");
            assertTrue(stop.contains("class=\"num alightings\">4<"), stop);
        }
    }

    private static String find(String regex, String text) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "no " + regex + " in:\n" + text);
        return m.group(1);
    }
}
