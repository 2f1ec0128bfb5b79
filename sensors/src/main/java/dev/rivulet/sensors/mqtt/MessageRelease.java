package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.Delivery;
import dev.rivulet.sensors.recording.RecordedMessage;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Releases one QoS 1 message to the broker once each of its parts has been acknowledged (each reading logged, each
 * dead letter kept), and then gives its payload's bytes back to the source's budget. For a message of one part it is
 * itself that part's acknowledgement; for several, each part gets a {@link #share()} so that acknowledging one part
 * twice cannot release the message early.
 */
final class MessageRelease implements Acknowledgement {
    private final ReconnectingClient client;
    private final int generation;
    private final int messageId;
    private final int qos;
    private final AtomicInteger outstanding;
    private final Delivery delivery;
    private final RecordedMessage message;
    private final PayloadBudget budget;
    private final long bytes;

    MessageRelease(ReconnectingClient client, int generation, int messageId, int qos, int parts, Delivery delivery,
                   RecordedMessage message, PayloadBudget budget, long bytes) {
        this.client = client;
        this.generation = generation;
        this.messageId = messageId;
        this.qos = qos;
        this.outstanding = new AtomicInteger(Math.max(parts, 1));
        this.delivery = delivery;
        this.message = message;
        this.budget = budget;
        this.bytes = bytes;
    }

    /** One part of the message (a reading or a dead letter); idempotent. */
    Acknowledgement share() {
        AtomicBoolean done = new AtomicBoolean();
        return new Acknowledgement() {
            @Override
            public void acknowledge() {
                if (done.compareAndSet(false, true)) {
                    countDown();
                }
            }

            @Override
            public Delivery delivery() {
                return delivery;
            }

            @Override
            public RecordedMessage message() {
                return message;
            }
        };
    }

    @Override
    public Delivery delivery() {
        return delivery;
    }

    @Override
    public RecordedMessage message() {
        return message;
    }

    /** Idempotent when this release stands for a single reading. */
    @Override
    public void acknowledge() {
        countDown();
    }

    private void countDown() {
        int left = outstanding.get();
        while (left > 0) {
            if (outstanding.compareAndSet(left, left - 1)) {
                if (left == 1) {
                    client.acknowledge(generation, messageId, qos);
                    budget.give(bytes);
                }
                return;
            }
            left = outstanding.get();
        }
    }
}
