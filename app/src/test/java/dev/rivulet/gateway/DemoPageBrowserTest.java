package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.ops.HostTools;
import dev.rivulet.status.FleetStatus;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page of a running demo in Debian's headless chromium: it loads, shows the demo's buses in the
 * table and the chart — each with its occupancy level next to the percentage, its rejected readings and
 * corrections, never a load past the crush load — and redraws as batches complete. Skipped where chromium is not installed, unless
 * {@code CI=true}.
 */
class DemoPageBrowserTest {

    @TempDir
    Path dir;

    @Test
    void thePageShowsTheBusesOfARunningDemo() throws Exception {
        HostTools.require("chromium");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String yaml = new String(DemoPageBrowserTest.class.getResourceAsStream("/demo.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        RivuletConfig config = ConfigLoader.parse(yaml, "demo.yaml").withStateDirectory(dir.resolve("state"))
                .withStatusPort(port);
        try (Gateway gateway = Gateway.start(config, output -> {
            throw new AssertionError("the demo drives no pins");
        })) {
            assertTrue(gateway.awaitFirstBatch(Duration.ofSeconds(30)));
            // The simulated buses report at their own pace: on a busy machine the first batches hold only some of
            // them, and chromium's virtual time renders the page within a second of real time.
            new GatewayWatch(gateway).until("the demo's 8 buses all on the page", () -> gateway.fleet().buses().stream()
                    .map(FleetStatus.Bus::id).distinct().count() == 8);
            HostTools.Result browser = HostTools.chromiumDom(dir, gateway.statusUri() + "?interval=500", 8_000);
            String dom = browser.output();
            assertEquals(0, browser.exitCode(), dom);
            for (int bus = 1; bus <= 8; bus++) {
                assertTrue(dom.contains("<tr data-bus=\"bus-" + bus + "\" data-pipeline=\"occupancy\">"), "bus-" + bus
                        + " of the demo's pipeline missing from the table:\n" + dom);
                assertTrue(Pattern.compile("<polyline [^>]*data-bus=\"bus-" + bus + "\"").matcher(dom).find(),
                        "bus-" + bus + " missing from the chart:\n" + dom);
            }
            Matcher row = Pattern.compile("<tr data-bus=\"(bus-\\d+)\" data-pipeline=\"occupancy\">.*?class=\"num occupancy\">(\\d+)<.*?"
                    + "class=\"num load\">(\\d+)%</td><td class=\"level\"[^>]*>([a-z ]+)(?: · (\\d+)%)?</td>.*?"
                    + "class=\"num rejected\"[^>]*>(\\d+)</td><td class=\"num corrections\">(\\d+) \\((\\d+)\\)</td></tr>",
                    Pattern.DOTALL).matcher(dom);
            int rows = 0;
            while (row.find()) {
                rows++;
                int occupancy = Integer.parseInt(row.group(2));
                assertTrue(occupancy <= 60 && Integer.parseInt(row.group(3)) <= 150, row.group(1) + " past the crush load: " + row.group());
                assertTrue(List.of("empty", "many seats available", "few seats available", "standing room only",
                        "crushed standing room only", "full", "no data available").contains(row.group(4)), row.group());
                if (row.group(4).equals("no data available")) {
                    assertEquals(null, row.group(5), "no percentage without data: " + row.group());
                } else {
                    int percentage = Integer.parseInt(row.group(5));
                    assertTrue(percentage <= 100 && percentage % 2 == 0, "the percentage of 40 seats + 20 standing, in"
                            + " steps of 2: " + row.group());
                }
            }
            assertEquals(8, rows, "every bus with its level, rejected readings and corrections:\n" + dom);
            assertTrue(dom.contains("<p id=\"rejected\" class=\"muted\">Readings rejected: "), dom);
            Matcher updates = Pattern.compile("data-updates=\"(\\d+)\"").matcher(dom);
            assertTrue(updates.find(), dom);
            assertTrue(Integer.parseInt(updates.group(1)) >= 2, "the page should have redrawn:\n" + dom);
        }
    }
}
