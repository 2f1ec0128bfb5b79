package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The process's age from /proc's text, as proc(5) lays it out. */
class ProcessUptimeTest {

    @Test
    void startTicksAgainstTheTimeSinceBoot() {
        String[][] cases = {
                // /proc/self/stat, /proc/uptime, expected ms
                {"4242 (java) S 1 4242 4242 0 -1 4194560 9 0 0 0 1 0 0 0 20 0 19 0 123456 1394524160 14306 184467",
                        "1239.87 2400.11\n", Long.toString(1_239_870 - 1_234_560)},
                // A command name with spaces and a ')' of its own: fields count from the last ')'.
                {"77 (my (odd) name) R 1 77 77 0 -1 4194560 9 0 0 0 1 0 0 0 20 0 1 0 500 1 1 1",
                        "5.25 1.00", "250"},
        };
        for (String[] c : cases) {
            assertEquals(Long.parseLong(c[2]), ProcessUptime.millis(c[0], c[1]), c[0]);
        }
    }

    @Test
    void thisProcessHasStarted() {
        assertTrue(ProcessUptime.millis() > 0);
    }
}
