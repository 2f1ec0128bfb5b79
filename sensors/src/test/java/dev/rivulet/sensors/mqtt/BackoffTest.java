package dev.rivulet.sensors.mqtt;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    @Test
    void doublesWithinTheUpperHalfAndStopsAtTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new Random(1));
        long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {400, 800}, {800, 1600}, {1000, 2000}, {1000, 2000}};
        for (int attempt = 0; attempt < bounds.length; attempt++) {
            for (int i = 0; i < 50; i++) {
                long d = b.delayMillis(attempt);
                assertTrue(d >= bounds[attempt][0] && d <= bounds[attempt][1], "attempt " + attempt + ": " + d);
            }
        }
        assertTrue(b.delayMillis(1000) <= 2000);
    }

    @Test
    void aVeryLongOutageNeverOverflowsTheDelay() {
        Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofDays(365), new Random(3));
        for (int attempt = 0; attempt < 200; attempt++) {
            long d = b.delayMillis(attempt);
            assertTrue(d >= 0 && d <= Duration.ofDays(365).toMillis(), "attempt " + attempt + ": " + d);
        }
        assertTrue(b.delayMillis(Integer.MAX_VALUE) >= Duration.ofDays(365).toMillis() / 2);
    }

    @Test
    void jitterSpreadsGatewaysThatRetryTogether() {
        Backoff a = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(1));
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(2));
        assertNotEquals(List.of(a.delayMillis(3), a.delayMillis(3)), List.of(b.delayMillis(3), b.delayMillis(3)));
    }

    @Test
    void refusesNonsenseDelays() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()));
    }

    @Test
    void settingsNameTheKeyAtFault() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MqttSettings("http://x", "id").qos(2).receiveMaximum(100).bufferCapacity(10).validate());
        assertTrue(e.getMessage().contains("mqtt.server=http://x"), e.getMessage());
        assertTrue(e.getMessage().contains("mqtt.qos=2"), e.getMessage());
        assertTrue(e.getMessage().contains("mqtt.bufferCapacity=10"), e.getMessage());
        assertEquals(1, new MqttSettings("tcp://h:1883", "id").validate().qos());
        new MqttSettings("wss://h:443/mqtt", "id").tls(TlsSettings.trusting(List.of())).validate();
        IllegalArgumentException tls = assertThrows(IllegalArgumentException.class,
                () -> new MqttSettings("tcp://h:1883", "id").tls(TlsSettings.trusting(List.of())).validate());
        assertTrue(tls.getMessage().contains("need an ssl://"), tls.getMessage());
    }
}
