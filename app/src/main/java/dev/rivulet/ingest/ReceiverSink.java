package dev.rivulet.ingest;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.Delivery;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.streaming.Receiver;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a sensor source pushes into, fed to the engine's receiver: a reading is acknowledged to its source
 * (an MQTT PUBACK) as soon as the write-ahead log holds it — not after its batch's outputs. Only without a log, or
 * while the log cannot be written (a full disk), does the acknowledgement wait until the batch holding the reading
 * has completed all its outputs. The message a reading came in ({@link Acknowledgement#delivery()}) goes with it as the
 * record's tag, so the log can recognise a broker's redelivery ({@code StoreJournal}).
 *
 * <p>A reading the receiver refuses because the engine has stopped is never acknowledged, so a QoS 1
 * broker delivers it again after restart; it is counted in {@link #refused()}.
 */
public final class ReceiverSink implements ReadingSink {

    private final Receiver<Reading> receiver;
    private final LongAdder refused = new LongAdder();

    /** Feeds {@code receiver}. */
    public ReceiverSink(Receiver<Reading> receiver) {
        this.receiver = receiver;
    }

    /** Waits while the engine's buffer is full: that wait is the source's backpressure. */
    @Override
    public void push(Reading reading, Acknowledgement ack) throws InterruptedException {
        Delivery delivery = ack.delivery();
        boolean taken;
        if (ack == Acknowledgement.NONE) {
            taken = receiver.push(reading);
        } else if (delivery == null) {
            taken = receiver.push(reading, ack::acknowledge);
        } else {
            taken = receiver.push(reading, delivery, ack::acknowledge);
        }
        if (!taken) {
            refused.increment();
        }
    }

    /** Readings refused because the engine had stopped; none of them was acknowledged. */
    public long refused() {
        return refused.sum();
    }
}
