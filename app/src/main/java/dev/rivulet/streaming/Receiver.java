package dev.rivulet.streaming;

/**
 * Where a source pushes records into a running context. Thread-safe; any number of threads may push.
 *
 * <p>The buffer is bounded. {@link #push} waits while it is full, which slows the source down to the
 * engine's pace; {@link #offer} never waits and refuses instead, and every refusal is counted in
 * {@link #stats()} as a drop. A record belongs to the batch during whose interval it was pushed.
 */
public interface Receiver<T> {

    /** The name given when the stream was created. */
    String name();

    /**
     * Adds a record, waiting while the buffer is full.
     *
     * @return false when the context has stopped and the record was not taken
     * @throws InterruptedException if the thread was interrupted while waiting for room
     */
    boolean push(T record) throws InterruptedException;

    /**
     * Adds a record, waiting while the buffer is full; {@code onDurable} runs once the record is safe: as soon
     * as the {@link ReceivedDataLog} holds it, or — with no log, or while the log cannot be written — once the
     * batch holding it has completed all its outputs. It runs on the engine's thread: return quickly. A record
     * that never becomes safe (the process stops first) never runs it.
     */
    boolean push(T record, Runnable onDurable) throws InterruptedException;

    /**
     * As {@link #push(Object, Runnable)}, with an opaque {@code tag} handed to the {@link ReceivedDataLog} with
     * the record (for MQTT: which broker message it came in). The log may recognise the record as a redelivery
     * of one it already holds: then {@code onDurable} runs and the record is left out of its batch. With a log
     * {@code onDurable} runs as for {@link #push(Object, Runnable)}.
     */
    boolean push(T record, Object tag, Runnable onDurable) throws InterruptedException;

    /** Adds a record if there is room now; a refusal is counted as a drop. */
    boolean offer(T record);

    /**
     * Hands the records pushed so far to the engine now, rather than when their block fills or their batch
     * interval ends, so that they are logged and made durable sooner. Changes no batch: each record stays in the
     * batch of its interval. For a source that must have acknowledgements back before it takes more (bytes it
     * may not hold); every call may cost a write-ahead log transaction.
     */
    void flush();

    /** Counters for this receiver. */
    ReceiverStats stats();
}
