package dev.rivulet.sensors;

/** Receives every payload a source refused. Must not block for long: sources call it on their delivery thread. */
@FunctionalInterface
public interface DeadLetterSink {
    /** Drops dead letters; counters still count them. */
    DeadLetterSink DISCARD = d -> { };

    void deadLetter(DeadLetter deadLetter);
}
