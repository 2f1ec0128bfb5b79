package dev.rivulet.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The forwarder settings' checks (the backoff itself is {@code sensors.mqtt.Backoff}'s, tested there). */
class ForwarderSettingsTest {

    @Test
    void settingsNameTheBadValue() {
        ForwarderSettings defaults = ForwarderSettings.defaults("gw1");
        assertEquals("rivulet/gw1/outbox-dropped", defaults.droppedReportTopic());
        IllegalArgumentException inverted = assertThrows(IllegalArgumentException.class,
                () -> defaults.withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(1)));
        assertTrue(inverted.getMessage().contains("maxBackoff"), inverted.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> defaults.withDroppedReportTopic(""));
        assertTrue(empty.getMessage().contains("droppedReportTopic"), empty.getMessage());
    }
}
