package dev.rivulet.sensors;

/**
 * Receives every payload a source refused. Sources call it on their delivery thread: it must not block for long,
 * though it may hold a source back while the letters before it are being kept.
 */
@FunctionalInterface
public interface DeadLetterSink {
    /** Drops dead letters; counters still count them. */
    DeadLetterSink DISCARD = d -> { };

    /** Keeps {@code deadLetter}: it is kept (durable, where the sink keeps letters durably) when this returns. */
    void deadLetter(DeadLetter deadLetter);

    /**
     * Keeps {@code deadLetter} and then calls {@code kept}, perhaps later and on another thread: a sink may write
     * letters in groups (one disk sync for many), and a source that releases the letter's message upstream (an MQTT
     * PUBACK) does so from {@code kept}, so a message is never released before the letter that stands for it is kept.
     * By default the letter is kept at once and {@code kept} called before this returns.
     */
    default void deadLetter(DeadLetter deadLetter, Acknowledgement kept) {
        deadLetter(deadLetter);
        kept.acknowledge();
    }

    /**
     * Returns once every letter handed over before this call is kept: a source that keeps its own place (how far a
     * file was read) calls it before it pushes a reading past a refused line, so that place is never kept before the
     * letters of the lines before it. A sink that keeps each letter at once has nothing to wait for.
     */
    default void awaitKept() throws InterruptedException {
    }
}
