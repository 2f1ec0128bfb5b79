package dev.rivulet.sensors;

import dev.rivulet.sensors.decode.DecodeResult;
import org.tinylog.Logger;

/**
 * A source that reads on one thread of its own (a socket, a directory, the simulator): owns the name, the
 * counters, the thread's start and stop. Subclasses implement {@link #run} and, when their reads block,
 * {@link #onClose} to unblock them.
 */
public abstract class SingleThreadSource implements Source {
    private final String name;
    private final SourceCounters counters = new SourceCounters();
    private Thread thread;
    private volatile boolean closed;

    protected SingleThreadSource(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final SourceCounters counters() {
        return counters;
    }

    @Override
    public final synchronized void start(ReadingSink sink, DeadLetterSink deadLetters) {
        if (thread != null) {
            throw new IllegalStateException(getClass().getSimpleName() + " '" + name + "' already started");
        }
        thread = new Thread(() -> {
            try {
                run(sink, deadLetters);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!closed) {
                    Logger.error(e, "source '{}' stopped", name);
                }
            }
        }, "rivulet-source-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads until {@link #isClosed()}; runs on the source's thread. */
    protected abstract void run(ReadingSink sink, DeadLetterSink deadLetters) throws InterruptedException;

    /** Releases what {@link #run} may be blocked on (a socket); called once from {@link #close()}. */
    protected void onClose() {
    }

    protected final boolean isClosed() {
        return closed;
    }

    /** Dead-letters the rejections and pushes the readings of one decoded message, counting both. */
    protected final void deliver(String topic, DecodeResult result, long arrivalTime, ReadingSink sink,
                                 DeadLetterSink deadLetters) throws InterruptedException {
        deadLetterRejections(topic, result, arrivalTime, deadLetters);
        counters.addDecoded(result.readings().size());
        for (Reading r : result.readings()) {
            sink.push(r, Acknowledgement.NONE);
        }
    }

    /**
     * Dead-letters the rejections of one decoded message (or a few lines), counting them; the sink may keep them
     * later ({@link DeadLetterSink#awaitKept()} waits for that). True when there were any.
     */
    protected final boolean deadLetterRejections(String topic, DecodeResult result, long arrivalTime,
                                                 DeadLetterSink deadLetters) {
        for (DecodeResult.Rejection r : result.rejections()) {
            counters.addDeadLettered(1);
            deadLetters.deadLetter(new DeadLetter(name, topic, r.raw(), r.reason(), arrivalTime), Acknowledgement.NONE);
        }
        return !result.rejections().isEmpty();
    }

    /** Stops the thread and releases resources. Safe to call twice. */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
