package dev.rivulet.ingest;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.streaming.Receiver;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a sensor source pushes into, fed to the engine's receiver: a reading is acknowledged to its source
 * (an MQTT PUBACK) as soon as the write-ahead log holds it — not after its batch's outputs. Only without a log, or
 * while the log cannot be written (a full disk), does the acknowledgement wait until the batch holding the reading
 * has completed all its outputs. The acknowledgement of a reading that names its message ({@link Acknowledgement#delivery()},
 * {@link Acknowledgement#message()}) goes with it as the record's tag, so the log can recognise a broker's redelivery
 * and keep the message for the input archive ({@code StoreJournal}).
 *
 * <p>A reading the receiver refuses because the engine has stopped is never acknowledged, so a QoS 1
 * broker delivers it again after restart; it is counted in {@link #refused()}. So is one refused by the
 * {@link Intake} (the receiver log full, the gateway stopping).
 */
public final class ReceiverSink implements ReadingSink {

    /** Whether readings may be taken now: waits while not (the receiver log is full); false to refuse one. */
    @FunctionalInterface
    public interface Intake {
        /** Always open. */
        Intake OPEN = () -> true;

        boolean await() throws InterruptedException;
    }

    private final Receiver<Reading> receiver;
    private final Intake intake;
    private final Runnable afterPush;
    private final RateLimit rate;
    private final LongAdder refused = new LongAdder();

    /** Feeds {@code receiver}, always open. */
    public ReceiverSink(Receiver<Reading> receiver) {
        this(receiver, Intake.OPEN);
    }

    /** Feeds {@code receiver} while {@code intake} lets it. */
    public ReceiverSink(Receiver<Reading> receiver, Intake intake) {
        this(receiver, intake, RateLimit.NONE, () -> { });
    }

    /**
     * Feeds {@code receiver} while {@code intake} lets it, no faster than {@code rate}, and runs {@code afterPush}
     * after each reading it is handed.
     */
    public ReceiverSink(Receiver<Reading> receiver, Intake intake, RateLimit rate, Runnable afterPush) {
        this.receiver = receiver;
        this.intake = intake;
        this.rate = rate;
        this.afterPush = afterPush;
    }

    /**
     * Waits while the source is ahead of its rate, intake is closed or the engine's buffer is full: those waits are
     * the source's backpressure.
     */
    @Override
    public void push(Reading reading, Acknowledgement ack) throws InterruptedException {
        try {
            rate.acquire();
            if (!intake.await()) {
                refused.increment();
                return;
            }
            // The acknowledgement is the record's tag when it names a message: the log recognises redeliveries by it
            // and keeps the message for the input archive.
            boolean taken;
            if (ack == Acknowledgement.NONE) {
                taken = receiver.push(reading);
            } else if (ack.delivery() == null && ack.message() == null) {
                taken = receiver.push(reading, ack::acknowledge);
            } else {
                taken = receiver.push(reading, ack, ack::acknowledge);
            }
            if (!taken) {
                refused.increment();
            }
        } finally {
            afterPush.run();
        }
    }

    @Override
    public void flush() {
        receiver.flush();
    }

    /** Readings refused because the engine had stopped or intake was released closed; none was acknowledged. */
    public long refused() {
        return refused.sum();
    }
}
