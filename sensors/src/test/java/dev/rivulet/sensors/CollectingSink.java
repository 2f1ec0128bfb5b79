package dev.rivulet.sensors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A sink and dead-letter sink for tests: collects what arrives and waits for it with a deadline. */
public final class CollectingSink implements ReadingSink, DeadLetterSink {
    /** A pushed reading with its acknowledgement. */
    public record Pushed(Reading reading, Acknowledgement ack) { }

    private final BlockingQueue<Pushed> pushed = new LinkedBlockingQueue<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

    @Override
    public void push(Reading reading, Acknowledgement ack) {
        pushed.add(new Pushed(reading, ack));
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    /** Takes exactly {@code n} readings, failing if they do not all arrive within {@code timeout}. */
    public List<Pushed> take(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Pushed> out = new ArrayList<>(n);
        while (out.size() < n) {
            Pushed p = pushed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (p == null) {
                throw new AssertionError("only " + out.size() + " of " + n + " readings arrived within " + timeout + ": " + out);
            }
            out.add(p);
        }
        return out;
    }

    /** Readings waiting to be taken. */
    public int pending() {
        return pushed.size();
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** Waits until at least {@code n} dead letters arrived. */
    public List<DeadLetter> awaitDeadLetters(int n, Duration timeout) {
        Conditions.await(() -> deadLetters.size() >= n, timeout, () -> n + " dead letters, got " + deadLetters);
        return deadLetters;
    }
}
