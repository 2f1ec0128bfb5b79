package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.PublishCallback;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-flight bound and the failure paths, over a fake connection; the broker tests cover delivery. */
class MqttPublisherTest {
    /** A connection whose publishes complete only when the test says so. */
    private static final class SlowConnection extends FakeMqttConnection {
        final List<PublishCallback> pending = new CopyOnWriteArrayList<>();

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback done) {
            pending.add(done);
        }
    }

    @Test
    void boundsPublishesInFlightAndFailsClearlyWhenNoneCompletes() throws Exception {
        SlowConnection slow = new SlowConnection();
        try (MqttPublisher publisher = new MqttPublisher(new MqttSettings("tcp://fake:1883", "p").maxInFlight(2)
                .publishWait(Duration.ofMillis(50)), slow)) {
            publisher.start();
            CompletableFuture<Throwable> first = new CompletableFuture<>();
            publisher.publish("a", new byte[] {1}, 1, false, first::complete);
            publisher.publish("a", new byte[] {2}, 1, false, e -> { });
            assertEquals(2, publisher.inFlight());

            CompletableFuture<Throwable> third = new CompletableFuture<>();
            publisher.publish("a", new byte[] {3}, 1, false, third::complete);
            Throwable refused = third.get(5, TimeUnit.SECONDS);
            assertInstanceOf(TimeoutException.class, refused);
            assertTrue(refused.getMessage().contains("mqtt.maxInFlight"), refused.getMessage());

            slow.pending.get(0).completed(null);
            assertNull(first.get(5, TimeUnit.SECONDS));
            slow.pending.get(0).completed(null);
            assertEquals(1, publisher.inFlight(), "completing twice frees one slot only");
        }
    }

    @Test
    void failsAtOnceWhenNotConnectedAndRefusesQosTwo() throws Exception {
        FakeMqttConnection never = new FakeMqttConnection() {
            @Override
            public void connect(Listener l) throws MqttConnectionException {
                throw new MqttConnectionException("broker down", 0, null);
            }
        };
        try (MqttPublisher publisher = new MqttPublisher(new MqttSettings("tcp://fake:1883", "p"), never)) {
            publisher.start();
            CompletableFuture<Throwable> result = new CompletableFuture<>();
            publisher.publish("a", new byte[] {1}, 1, false, result::complete);
            Throwable error = result.get(5, TimeUnit.SECONDS);
            assertTrue(error.getMessage().contains("not connected"), error.getMessage());
            assertEquals(0, publisher.inFlight());
            assertThrows(IllegalArgumentException.class, () -> publisher.publish("a", new byte[0], 2, false, e -> { }));
        }
    }
}
