package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.decode.JsonDecoder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child process for the SIGKILL test: subscribes with a persistent session, acknowledges the first
 * {@code ack} readings, prints every reading's {@code boardings} and never acknowledges the rest, then waits
 * to be killed.
 *
 * <p>Arguments: server URI, client id, topic filter, version (V5 or V3_1_1), number to acknowledge.
 */
public final class KillTarget {
    private KillTarget() {
    }

    public static void main(String[] args) throws Exception {
        int acknowledge = Integer.parseInt(args[4]);
        MqttSettings settings = new MqttSettings(args[0], args[1]).version(MqttVersion.valueOf(args[3]))
                .topics(List.of(args[2])).reconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1));
        JsonDecoder decoder = JsonDecoder.builder("doors").keyPattern(args[2]).field("in", "boardings").build();
        AtomicInteger seen = new AtomicInteger();
        MqttSource source = new MqttSource("doors", settings, decoder);
        source.start((reading, ack) -> {
            boolean acked = seen.incrementAndGet() <= acknowledge;
            if (acked) {
                ack.acknowledge();
            }
            System.out.println((acked ? "ACKED " : "HELD ") + (int) reading.value("boardings"));
            System.out.flush();
        }, DeadLetterSink.DISCARD);
        while (!source.isConnected()) {
            Thread.onSpinWait();
        }
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
