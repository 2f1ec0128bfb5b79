package dev.rivulet.sensors.simulator;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSink;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes each reading it is given as a simulated door counter would ({@link BusJson}), so a simulator can
 * feed a broker for load tests and the demo. Blocks when the publisher's in-flight window is full.
 */
public final class PublishingSink implements ReadingSink {
    private final MessagePublisher publisher;
    private final int qos;
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicReference<Throwable> lastError = new AtomicReference<>();

    public PublishingSink(MessagePublisher publisher, int qos) {
        this.publisher = publisher;
        this.qos = qos;
    }

    @Override
    public void push(Reading reading, Acknowledgement ack) {
        publisher.publish(BusJson.topic(reading), BusJson.encode(reading), qos, false, error -> {
            if (error == null) {
                completed.increment();
                ack.acknowledge();
            } else {
                failed.increment();
                lastError.set(error);
            }
        });
    }

    public long completed() {
        return completed.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public Throwable lastError() {
        return lastError.get();
    }
}
