package dev.rivulet.upstream;

import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.sensors.PublishCallback;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A publisher under the test's control: it can be disconnected, fail the next N publishes, or hold callbacks
 * until the test releases them (a broker that has not acknowledged yet). Tests wait on its conditions.
 */
final class FakePublisher implements MessagePublisher {

    /** One publish the broker accepted. */
    record Sent(String topic, String payload, int qos) {
    }

    private final List<Sent> delivered = new ArrayList<>();
    private final Deque<Runnable> held = new ArrayDeque<>();
    private int attempts;
    private int failNext;
    private boolean hold;
    private volatile boolean connected = true;

    void connected(boolean value) {
        connected = value;
    }

    synchronized void failNext(int count) {
        failNext = count;
    }

    /** From now on, callbacks wait for {@link #releaseOne()}. */
    synchronized void holdCallbacks() {
        hold = true;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback callback) {
        Sent sent = new Sent(topic, new String(payload, StandardCharsets.UTF_8), qos);
        synchronized (this) {
            attempts++;
            if (failNext > 0) {
                failNext--;
                notifyAll();
                callback.completed(new IllegalStateException("fake broker refused"));
                return;
            }
            Runnable accept = () -> {
                synchronized (this) {
                    delivered.add(sent);
                    notifyAll();
                }
                callback.completed(null);
            };
            if (hold) {
                held.add(accept);
                notifyAll();
                return;
            }
            delivered.add(sent);
            notifyAll();
        }
        callback.completed(null);
    }

    /** Stops holding callbacks and completes every held publish successfully. */
    void releaseAll() {
        List<Runnable> all;
        synchronized (this) {
            hold = false;
            all = new ArrayList<>(held);
            held.clear();
        }
        all.forEach(Runnable::run);
    }

    /** Completes the oldest held publish successfully. */
    void releaseOne() {
        Runnable accept;
        synchronized (this) {
            accept = held.removeFirst();
        }
        accept.run();
    }

    synchronized int attempts() {
        return attempts;
    }

    synchronized int heldCount() {
        return held.size();
    }

    synchronized List<Sent> delivered() {
        return List.copyOf(delivered);
    }

    synchronized List<String> deliveredPayloads() {
        return delivered.stream().map(Sent::payload).toList();
    }

    /** Waits until {@code count} publishes were accepted; false on timeout. */
    boolean awaitDelivered(int count, Duration timeout) throws InterruptedException {
        return awaitUntil(() -> delivered.size() >= count, timeout);
    }

    /** Waits until {@code count} publishes are held unanswered; false on timeout. */
    boolean awaitHeld(int count, Duration timeout) throws InterruptedException {
        return awaitUntil(() -> held.size() >= count, timeout);
    }

    private synchronized boolean awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void close() {
    }
}
