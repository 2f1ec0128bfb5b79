package dev.rivulet.sensors;

/** Something that produces readings: an MQTT subscription, GPIO pins, a socket, a directory, the simulator. */
public interface Source extends AutoCloseable {
    /** A name unique among the sources of one job; becomes {@link Reading#source()}. */
    String name();

    /**
     * Starts taking input on threads of the source's own; readings go to {@code sink}, refused payloads to
     * {@code deadLetters}. Called once.
     */
    void start(ReadingSink sink, DeadLetterSink deadLetters);

    /** Stops taking input and releases resources. Unacknowledged input is not acknowledged. Safe to call twice. */
    @Override
    void close();

    SourceCounters counters();

    /**
     * Whether the source takes input now: an MQTT source is connected and subscribed (so its broker session
     * exists and keeps what is published while the gateway is away). Sources without a link are always ready.
     */
    default boolean isReady() {
        return true;
    }

    /** Why the source's link fails, in the operator's words (what, the key to look at, the fix); null when none. */
    default String problem() {
        return null;
    }

    /**
     * Calls {@code listener}, on a thread of the source's, each time {@link #isReady()} or {@link #problem()} may
     * have changed: connected and subscribed, a connection attempt failed, the connection lost. Lets a caller wait
     * for a link instead of polling it. Sources without a link never call it.
     */
    default void onLinkChange(Runnable listener) {
    }
}
