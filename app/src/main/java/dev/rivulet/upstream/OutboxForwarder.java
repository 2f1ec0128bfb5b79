package dev.rivulet.upstream;

import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.sensors.mqtt.Backoff;
import dev.rivulet.storage.Outbox;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.StoreFullException;
import dev.rivulet.streaming.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * Store-and-forward: a thread of its own drains the store's {@link Outbox} to a {@link MessagePublisher},
 * oldest first, and deletes a message ({@link Outbox#markDelivered}) only once its publish completed.
 *
 * <p>One message is in flight at a time. That keeps the outbox's order on the wire (so per topic too) without
 * any bookkeeping: after a failure the next attempt starts again from the oldest undelivered message. A
 * gateway sends a few alerts and summaries a second, so the lost throughput does not matter.
 *
 * <p>While the link is down ({@link MessagePublisher#isConnected()} false, or a publish fails or times out) the
 * thread waits with capped, jittered exponential backoff and tries again, never spinning. When idle it sleeps until
 * {@link #wake()} (wire it to {@code Checkpointer.afterCommit}) or, at the latest, the idle poll.
 *
 * <p>When the link is up and the full outbox dropped messages, a small JSON report
 * ({@code {"type":"outbox-dropped","count":N,"gateway":ID}}) goes out first, then the count is acknowledged.
 *
 * <p>Delivery is at least once: a power cut after the broker took a message but before {@code markDelivered}
 * committed sends that one message again at the next start. Its stable id lets the receiver drop it.
 */
public final class OutboxForwarder implements AutoCloseable {

    private final Outbox outbox;
    private final MessagePublisher publisher;
    private final ForwarderSettings settings;
    private final BackoffSleeper sleeper;
    private final Backoff backoff;
    /** Failed tries since the link last worked: the backoff's attempt number. */
    private int attempt;
    private final Thread thread;
    private final Object monitor = new Object();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong droppedReported = new AtomicLong();
    private boolean wakeRequested;
    private long emptySeen;
    private volatile boolean closed;
    private volatile CompletableFuture<Void> inFlight;
    private boolean linkDown;
    private long downSinceNanos;

    /** A forwarder that backs off in real time; {@link #start()} it. */
    public OutboxForwarder(Outbox outbox, MessagePublisher publisher, ForwarderSettings settings) {
        this(outbox, publisher, settings, null);
    }

    /**
     * A forwarder whose backoff waits go through {@code sleeper} (null: real time, cut short by {@link #close()}).
     */
    public OutboxForwarder(Outbox outbox, MessagePublisher publisher, ForwarderSettings settings,
                           BackoffSleeper sleeper) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sleeper = sleeper != null ? sleeper : this::waitUnlessClosed;
        this.backoff = new Backoff(settings.minBackoff(), settings.maxBackoff());
        this.thread = new Thread(this::run, "rivulet-outbox-forwarder");
        // A power cut does not wait for it either: the outbox is on disk, nothing is lost by not joining.
        this.thread.setDaemon(true);
    }

    /** Starts the forwarding thread. */
    public void start() {
        thread.start();
    }

    /** New messages were committed: look at the outbox now rather than at the next idle poll. */
    public void wake() {
        synchronized (monitor) {
            wakeRequested = true;
            monitor.notifyAll();
        }
    }

    /**
     * Waits until the forwarder has seen the outbox empty after this call (everything queued before it was
     * delivered), for a clean shutdown or a test.
     *
     * @return false if that did not happen within {@code timeout} or the forwarder was closed
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            long seen = emptySeen;
            wakeRequested = true;
            monitor.notifyAll();
            while (emptySeen == seen && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
            return emptySeen != seen;
        }
    }

    /**
     * For a clean stop, before {@link #close()}: while the uplink is connected, waits up to {@code grace} for what
     * the outbox holds (the last batch's alerts and summaries among it) to be delivered, so a planned stop does not
     * leave them for a next start that may be far off. With the uplink down it does not wait.
     *
     * @return the messages still in the outbox: they go out at the next start
     */
    public long deliverQueued(Duration grace) throws InterruptedException {
        long waiting = outbox.depth();
        if (waiting == 0 || closed || !publisher.isConnected()) {
            return waiting;
        }
        awaitDrained(grace);
        return outbox.depth();
    }

    /** Messages published and then deleted from the outbox. */
    public long published() {
        return published.get();
    }

    /** Publishes that failed or timed out (each is retried). */
    public long failures() {
        return failures.get();
    }

    /** Dropped messages reported upstream (the sum of the reports' counts). */
    public long droppedReported() {
        return droppedReported.get();
    }

    /** Messages waiting in the outbox now. */
    public long depth() {
        return outbox.depth();
    }

    /**
     * Stops the thread. A publish in flight is abandoned: its message stays in the outbox and goes out again at
     * the next start.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        CompletableFuture<Void> pending = inFlight;
        if (pending != null) {
            pending.completeExceptionally(new CancellationException("the forwarder is closing"));
        }
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join(settings.publishTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- the forwarding thread

    private void run() {
        while (!closed) {
            try {
                if (!publisher.isConnected()) {
                    linkFailed("the uplink is not connected", null);
                    // The client reconnects with its own back-off (the gateway gives it this one's cap): looking at
                    // it costs nothing, so look often rather than add a second back-off on top of the first.
                    sleeper.sleep(settings.minBackoff());
                } else if (!reportDropped()) {
                    sleeper.sleep(nextBackoff());
                } else {
                    List<OutboxMessage> page = outbox.pending(settings.pageSize());
                    if (page.isEmpty()) {
                        idle();
                    } else if (!forward(page)) {
                        sleeper.sleep(nextBackoff());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The store failed (a full disk, a locked file): the messages are still there, so try later.
                Logger.warn(e, "the outbox forwarder cannot read the outbox ({}); retrying", e.getMessage());
                try {
                    sleeper.sleep(nextBackoff());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Sends the page in order; false at the first failure (the rest wait for the next attempt). */
    private boolean forward(List<OutboxMessage> page) throws InterruptedException {
        for (OutboxMessage message : page) {
            if (closed) {
                return true;
            }
            if (!publish(message.topic(), message.payload(), message.qos(), message.retained())) {
                return false;
            }
            markDelivered(message.id());
            published.incrementAndGet();
            linkWorks();
        }
        return true;
    }

    /** Reports messages the full outbox dropped, if any; false if the report could not be published. */
    private boolean reportDropped() throws InterruptedException {
        long dropped = outbox.droppedUnreported();
        if (dropped == 0) {
            return true;
        }
        if (!publish(settings.droppedReportTopic(), DroppedReport.json(dropped, settings.gatewayId()), 1, false)) {
            return false;
        }
        // Only what was reported: drops counted since the report was built stay for the next one.
        outbox.acknowledgeDropped(dropped);
        droppedReported.addAndGet(dropped);
        linkWorks();
        Logger.warn("reported {} outbox messages dropped while the uplink was down", dropped);
        return true;
    }

    /** The broker has it once this returns true; a power cut before {@code markDelivered} sends it again. */
    private boolean publish(String topic, byte[] payload, int qos, boolean retained) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight = done;
        try {
            // The publisher speaks QoS 0 and 1; a QoS 2 message goes as 1 (its id makes a repeat harmless)
            // rather than failing forever at the head of the queue.
            publisher.publish(topic, payload, Math.min(qos, 1), retained, error -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
            done.get(settings.publishTimeout().toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            failures.incrementAndGet();
            linkFailed("a publish to " + topic + " failed", e.getCause());
        } catch (TimeoutException e) {
            failures.incrementAndGet();
            linkFailed("a publish to " + topic + " got no answer within " + Durations.format(settings.publishTimeout().toMillis()), null);
        } catch (CancellationException e) {
            return false;
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            linkFailed("the publisher refused a message to " + topic, e);
        } finally {
            inFlight = null;
        }
        return false;
    }

    /** The message is out: delete it, retrying while the store fails rather than publishing it again. */
    private void markDelivered(String id) throws InterruptedException {
        int failures = 0;
        while (true) {
            try {
                outbox.markDelivered(id);
                if (failures > 0) {
                    Logger.info("deleted delivered outbox message {} after {} failed tries; forwarding goes on", id, failures);
                }
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                // A full disk fails every try until space returns: say so once, not every backoff step.
                if (failures++ == 0) {
                    // A full disk is expected and said in one line; anything else is a bug worth its stack trace.
                    String line = "cannot delete delivered outbox message {} ({}); retrying with backoff, without"
                            + " publishing it again, until the store takes writes";
                    if (e instanceof StoreFullException) {
                        Logger.warn(line, id, e.getMessage());
                    } else {
                        Logger.warn(e, line, id, e.getMessage());
                    }
                } else {
                    Logger.debug("still cannot delete delivered outbox message {}: {}", id, e.getMessage());
                }
                sleeper.sleep(nextBackoff());
            }
        }
    }

    private void idle() throws InterruptedException {
        synchronized (monitor) {
            emptySeen++;
            monitor.notifyAll();
            if (!wakeRequested && !closed) {
                monitor.wait(settings.idlePoll().toMillis());
            }
            wakeRequested = false;
        }
    }

    /** The default backoff wait: real time, ended early by close. */
    private void waitUnlessClosed(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (monitor) {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        }
    }

    // Log an outage once when it starts and once when it ends, not every retry.
    private void linkFailed(String what, Throwable cause) {
        if (!linkDown) {
            linkDown = true;
            downSinceNanos = System.nanoTime();
            // The cause's message is enough: an unreachable broker is an expected condition, not a bug.
            Logger.warn(outage(what, cause, depthOrUnknown(), settings.maxBackoff()));
        }
    }

    /**
     * The wait before the next try: doubling up to the cap, jittered, so that a fleet of gateways that lost the
     * central broker together does not reconnect to it in lockstep.
     */
    private Duration nextBackoff() {
        Duration delay = Duration.ofMillis(backoff.delayMillis(attempt));
        attempt = Math.min(attempt + 1, 62);
        return delay;
    }

    /**
     * The line that starts an outage. The count is the outbox now, which grows while the link stays down: the
     * line says so, and {@code /health} and {@code rivulet status} show the current count.
     */
    static String outage(String what, Throwable cause, String depth, Duration maxBackoff) {
        return "upstream down: " + what + (cause == null ? "" : " (" + cause.getMessage() + ")") + "; the outbox keeps"
                + " every message until it is back (" + depth + " waiting now, more with each summary), retrying at"
                + " least every " + Durations.format(maxBackoff.toMillis());
    }

    private void linkWorks() {
        attempt = 0;
        if (linkDown) {
            linkDown = false;
            Logger.info("the uplink works again after {}; forwarding the {} messages held in the outbox",
                    Durations.format(Duration.ofNanos(System.nanoTime() - downSinceNanos).toSeconds() * 1000), depthOrUnknown());
        }
    }

    private String depthOrUnknown() {
        try {
            return Long.toString(outbox.depth());
        } catch (RuntimeException e) {
            return "an unknown number of";
        }
    }
}
