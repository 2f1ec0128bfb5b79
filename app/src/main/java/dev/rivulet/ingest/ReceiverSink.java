package dev.rivulet.ingest;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.DeadLetter;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.sensors.recording.RecordedMessage;
import dev.rivulet.streaming.Receiver;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.tinylog.Logger;

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
 *
 * <p>A reading of a new key past the source's {@link KeyLimit} is not taken: it is dead-lettered, with a reason naming
 * the key to raise, and acknowledged, so a broker does not send it again.
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
    private final KeyLimit keys;
    private final DeadLetterSink deadLetters;
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
        this(receiver, intake, rate, KeyLimit.NONE, DeadLetterSink.DISCARD, afterPush);
    }

    /**
     * Feeds {@code receiver} while {@code intake} lets it, no faster than {@code rate}, readings of at most
     * {@code keys} (the others to {@code deadLetters}), and runs {@code afterPush} after each reading it is handed.
     */
    public ReceiverSink(Receiver<Reading> receiver, Intake intake, RateLimit rate, KeyLimit keys,
                        DeadLetterSink deadLetters, Runnable afterPush) {
        this.receiver = receiver;
        this.intake = intake;
        this.rate = rate;
        this.keys = keys;
        this.deadLetters = deadLetters;
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
            KeyLimit.Refusal refusal = keys.admit(reading);
            if (refusal != null) {
                overKeyLimit(reading, refusal, ack);
                return;
            }
            // The acknowledgement is the record's tag when it names a message or a place in a file: the log recognises
            // redeliveries by it, keeps the message for the input archive, and keeps how far each file was read.
            boolean taken;
            if (ack == Acknowledgement.NONE) {
                taken = receiver.push(reading);
            } else if (ack.delivery() == null && ack.message() == null && ack.position() == null) {
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

    /**
     * Dead-letters a reading of a key (or keyed label value) past the limit, and acknowledges it once the dead letter
     * is kept: it is kept for inspection (the message it came in when the source has one), and a broker sending it
     * again would only meet the same limit.
     */
    private void overKeyLimit(Reading reading, KeyLimit.Refusal refusal, Acknowledgement ack) {
        String fix = "sources." + keys.source() + ".max-keys";
        String reason = refusal.what().equals("key")
                ? "key '" + refusal.value() + "' would be key " + (refusal.taken() + 1) + " of source '" + keys.source()
                        + "', past its max-keys " + keys.limit() + ": raise " + fix + " if it has more, or take the key"
                        + " from what names one (a bus id), not from what changes with every reading"
                : "value '" + refusal.value() + "' would be value " + (refusal.taken() + 1) + " of " + refusal.what()
                        + " of source '" + keys.source() + "' (a pipeline keys its state by it), past its max-keys "
                        + keys.limit() + ": raise " + fix + " if it has more, or key the pipeline by a label that names"
                        + " something (a stop), not by one that changes with every reading";
        RecordedMessage message = ack.message();
        byte[] raw = message != null ? message.payload() : reading.toString().getBytes(StandardCharsets.UTF_8);
        deadLetters.deadLetter(new DeadLetter(keys.source(), message == null ? null : message.topic(), raw, reason,
                reading.arrivalTime()), ack::acknowledge);
        long refusedKeys = keys.refused();
        if (powerOfTen(refusedKeys)) {
            Logger.warn("source '{}' has taken {} values of {}, its max-keys: {} readings of further keys or keyed label"
                    + " values dead-lettered and acknowledged so far (the latest: {} '{}'). Raise {} if it has more, or"
                    + " take them from what names one", keys.source(), refusal.taken(), refusal.what(), refusedKeys,
                    refusal.what(), refusal.value(), fix);
        }
    }

    /** Whether {@code n} is 1, 10, 100 …: when a stream of refusals is said again in the log, ever more rarely. */
    static boolean powerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
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
