package dev.rivulet.gateway;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.DeadLetter;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.storage.DeadLetters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Keeps the sources' dead letters in the store, many to a write: one thread of its own (started with the first
 * letter) takes every letter waiting and records them in one transaction, so a flood of refused payloads costs a sync
 * of the disk for each group, not for each payload. While one group is written the next gathers, so the groups grow
 * with the flood and the disk's sync time; a letter that comes alone is written alone, at once.
 *
 * <p>A letter's {@link Acknowledgement} is called only once it is kept: an MQTT source releases the message it stands
 * for then, so a crash before the write leaves the message with the broker, which sends it again. A letter without
 * one ({@link #deadLetter(DeadLetter)}) is kept when the call returns. A source that keeps its own place (a directory
 * source, how far a file was read) hands a run of refused lines over and calls {@link #awaitKept()} before it pushes
 * the next reading: the run is one write, and the place is never kept ahead of a letter.
 *
 * <p>At most {@link #WAITING} letters wait, their raw bytes cut to what the store keeps; a source with more holds
 * back (at QoS 1 the broker's window then holds the rest). When a write fails (a full disk), the letters stay and
 * the write is tried again every {@code retry}, said once in the log and in {@link #problem()}; none is acknowledged
 * meanwhile.
 */
final class DeadLetterWriter implements DeadLetterSink, AutoCloseable {

    /** Letters written in one transaction at most. */
    static final int GROUP = 256;
    /** Letters waiting at most (with raw bytes of 1 KiB, the store's default, about 1.3 MB) before sources hold back. */
    static final int WAITING = 1_024;
    /** How long {@link #close()} waits for the letters still waiting to be written. */
    private static final long CLOSE_MILLIS = 5_000;

    private record Waiting(DeadLetters.Letter letter, Acknowledgement kept) { }

    private static final Waiting STOP = new Waiting(null, Acknowledgement.NONE);

    private final DeadLetters store;
    private final int maxRawBytes;
    private final Duration retry;
    private final BlockingQueue<Waiting> waiting = new ArrayBlockingQueue<>(WAITING);
    private final CountDownLatch closing = new CountDownLatch(1);
    private Thread writer;
    private boolean closed;
    private volatile String problem;
    /** Letters put in the queue, and of those (in the queue's order) written, under {@link #progress}'s lock. */
    private long handed;
    private long written;
    /** Set when the writer has stopped: nothing more will be written. */
    private boolean stopped;
    private final Object progress = new Object();

    /** Writes to {@code store}, raw bytes cut to {@code maxRawBytes}, a failed write tried again every {@code retry}. */
    DeadLetterWriter(DeadLetters store, int maxRawBytes, Duration retry) {
        this.store = store;
        this.maxRawBytes = maxRawBytes;
        this.retry = retry;
    }

    /** Keeps {@code letter}: waits until its group is written, or the writer has stopped without it. */
    @Override
    public void deadLetter(DeadLetter letter) {
        deadLetter(letter, Acknowledgement.NONE);
        try {
            awaitKept();
        } catch (InterruptedException e) {
            // The source is closing; its letter is still written with the rest.
            Thread.currentThread().interrupt();
        }
    }

    /** Hands {@code letter} to the writer and returns; {@code kept} is called once it is written. */
    @Override
    public void deadLetter(DeadLetter letter, Acknowledgement kept) {
        DeadLetters.Letter cut = DeadLetters.Letter.of(letter.time(), letter.source(), letter.topic(), letter.raw(),
                letter.reason()).cut(maxRawBytes);
        if (!start()) {
            // Closed: the sources were closed first, so only a straggler comes here; it is kept the old way.
            store.recordAll(List.of(cut));
            kept.acknowledge();
            return;
        }
        try {
            // Counted before it is queued, so that awaitKept() after this returns waits for it.
            synchronized (progress) {
                handed++;
            }
            waiting.put(new Waiting(cut, kept));
        } catch (InterruptedException e) {
            synchronized (progress) {
                handed--;
            }
            // The source is closing: its letter is not acknowledged, so a broker sends the message again.
            Thread.currentThread().interrupt();
        }
    }

    /** Returns once every letter handed over before this call is written, or the writer has stopped. */
    @Override
    public void awaitKept() throws InterruptedException {
        synchronized (progress) {
            long target = handed;
            while (written < target && !stopped) {
                progress.wait();
            }
        }
    }

    /** Why letters cannot be kept now (the last write's error), or null while they are. */
    String problem() {
        return problem;
    }

    /** Letters waiting to be written: in the queue, or taken from it and not yet written. */
    int waiting() {
        synchronized (progress) {
            return (int) (handed - written);
        }
    }

    private synchronized boolean start() {
        if (closed) {
            return false;
        }
        if (writer == null) {
            writer = new Thread(this::run, "rivulet-dead-letters");
            writer.setDaemon(true);
            writer.start();
        }
        return true;
    }

    private void run() {
        List<Waiting> group = new ArrayList<>(GROUP);
        List<DeadLetters.Letter> letters = new ArrayList<>(GROUP);
        boolean stopping = false;
        try {
            while (!stopping || !group.isEmpty()) {
                if (group.isEmpty()) {
                    group.add(waiting.take());
                    waiting.drainTo(group, GROUP - 1);
                    stopping = group.remove(STOP) || stopping;
                    if (group.isEmpty()) {
                        continue;
                    }
                }
                letters.clear();
                group.forEach(w -> letters.add(w.letter()));
                if (write(letters)) {
                    group.forEach(w -> w.kept().acknowledge());
                    synchronized (progress) {
                        written += group.size();
                        progress.notifyAll();
                    }
                    group.clear();
                } else if (stopping || closing.await(retry.toMillis(), TimeUnit.MILLISECONDS)) {
                    Logger.warn("closing with {} dead letters not kept ({}): their messages were not acknowledged, so"
                            + " a broker sends them again", waiting(), problem);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (progress) {
                stopped = true;
                progress.notifyAll();
            }
        }
    }

    /** Writes {@code letters} in one transaction; false, said once until a write works again, if it failed. */
    private boolean write(List<DeadLetters.Letter> letters) {
        try {
            store.recordAll(letters);
        } catch (RuntimeException e) {
            if (problem == null) {
                Logger.warn("dead letters cannot be kept: {}. {} wait; their messages are not acknowledged until they"
                        + " are kept, and the write is tried again every {} ms", e.getMessage(), waiting(),
                        retry.toMillis());
            }
            problem = String.valueOf(e.getMessage());
            return false;
        }
        if (problem != null) {
            Logger.info("dead letters are kept again");
            problem = null;
        }
        return true;
    }

    /**
     * Writes the letters still waiting (trying a failed write no more) and stops the writer; waits at most a few
     * seconds. Letters handed over after this are written one at a time, at once.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = writer;
        }
        closing.countDown();
        if (running == null || !running.isAlive()) {
            return;
        }
        try {
            if (!waiting.offer(STOP, CLOSE_MILLIS, TimeUnit.MILLISECONDS)) {
                Logger.warn("closing with dead letters still waiting: their messages were not acknowledged, so a broker"
                        + " sends them again");
            }
            running.join(CLOSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
