package dev.rivulet.ingest;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.streaming.Receiver;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a sensor source pushes into, fed to the engine's receiver: a reading is acknowledged to its source
 * (an MQTT PUBACK) only once the batch holding it has completed all its outputs.
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
        boolean taken = ack == Acknowledgement.NONE
                ? receiver.push(reading)
                : receiver.push(reading, ack::acknowledge);
        if (!taken) {
            refused.increment();
        }
    }

    /** Readings refused because the engine had stopped; none of them was acknowledged. */
    public long refused() {
        return refused.sum();
    }
}
