package dev.rivulet.sensors.mqtt;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The threads of one Paho client: each task Paho hands over gets a thread of its own, as Paho does without an
 * executor, and the 100 ms naps with which Paho waits for each of them are cut short.
 *
 * <p>Paho 1.2.5 starts its receiver, sender and callback threads one after the other while connecting, and after
 * each it waits until the thread says it runs with {@code while (!isRunning()) Thread.sleep(100)}. A new thread
 * is never running at the first look, so every connection (and every reconnection) spent about 300 ms asleep before
 * the CONNECT packet left (eclipse-paho/paho.mqtt.java#945, open). That was most of a gateway's start. Paho
 * swallows an interrupt of that sleep and looks again, so for each thread it starts, this executor watches the
 * starting thread from a small timer thread of its own and interrupts it whenever it is found asleep in one of
 * those loops, until it has left the loop. Any other sleep of Paho's is never interrupted: only a thread whose
 * stack shows {@code Thread.sleep} directly under one of Paho's {@code Comms*.start} is.
 *
 * <p>Everything else is as without an executor: a new (non-pooled) thread per task, and a task's future is never
 * cancelled with an interrupt (Paho cancels its threads' futures when it stops them; without an executor nothing
 * interrupts them, and the MQTT source's callback must not see one). The timer thread also runs Paho's scheduled
 * work if it asks for any (pings, when a ping sender is built over this executor).
 */
final class PahoThreads extends AbstractExecutorService implements ScheduledExecutorService {
    /** The classes whose {@code start} method waits in a 100 ms sleep loop, in Paho's MQTT 5 and 3.1.1 clients. */
    private static final Set<String> START_LOOPS = Set.of(
            "org.eclipse.paho.mqttv5.client.internal.CommsReceiver",
            "org.eclipse.paho.mqttv5.client.internal.CommsSender",
            "org.eclipse.paho.mqttv5.client.internal.CommsCallback",
            "org.eclipse.paho.client.mqttv3.internal.CommsReceiver",
            "org.eclipse.paho.client.mqttv3.internal.CommsSender",
            "org.eclipse.paho.client.mqttv3.internal.CommsCallback");
    /** Paho's waits are 100 ms naps: looking every 50 µs costs nothing beside them. */
    private static final long LOOK_NANOS = 50_000;
    /** A starter still in its loop after this is left to Paho's own naps (a thread that cannot be scheduled). */
    private static final long WATCH_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Predicate<StackTraceElement> startLoop;
    private final ScheduledThreadPoolExecutor timer;

    /** For a client named {@code clientId} (its timer thread's name). */
    PahoThreads(String clientId) {
        this(clientId, PahoThreads::isStartLoop);
    }

    /** Whether {@code frame} is one of Paho's start methods that wait in a sleep loop. */
    static boolean isStartLoop(StackTraceElement frame) {
        return START_LOOPS.contains(frame.getClassName()) && "start".equals(frame.getMethodName());
    }

    /** With another notion of the waiting loop's frame: for tests, which cannot put a frame of Paho's on a stack. */
    PahoThreads(String clientId, Predicate<StackTraceElement> startLoop) {
        this.startLoop = startLoop;
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "MQTT timer: " + clientId);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code task} on a new thread (Paho's connect and disconnect work). */
    @Override
    public void execute(Runnable task) {
        if (timer.isShutdown()) {
            throw new RejectedExecutionException("the MQTT client's threads are shut down");
        }
        new Thread(task).start();
    }

    /**
     * Runs {@code task} (one of Paho's receiver, sender and callback loops) on a new thread, and wakes the calling
     * thread from Paho's wait for it as soon as it runs.
     */
    @Override
    public Future<?> submit(Runnable task) {
        FutureTask<Void> future = new UninterruptedTask<>(task);
        execute(future);
        Thread starter = Thread.currentThread();
        long until = System.nanoTime() + WATCH_NANOS;
        timer.execute(() -> wakeFromStartLoop(starter, until));
        return future;
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        FutureTask<T> future = new UninterruptedTask<>(task);
        execute(future);
        return future;
    }

    /** Interrupts {@code starter} each time it is found asleep in a start loop, until it has left the loop. */
    private void wakeFromStartLoop(Thread starter, long until) {
        while (System.nanoTime() - until < 0) {
            StackTraceElement[] stack = starter.getStackTrace();
            if (Arrays.stream(stack).noneMatch(startLoop)) {
                return;
            }
            if (napsIn(stack, startLoop) && starter.getState() == Thread.State.TIMED_WAITING) {
                starter.interrupt();
            }
            LockSupport.parkNanos(LOOK_NANOS);
        }
    }

    /**
     * Whether {@code stack} is asleep directly in {@code loop}: {@code Thread.sleep}'s frames on top, then the loop's.
     * A sleep in a method the loop's method calls is not.
     */
    static boolean napsIn(StackTraceElement[] stack, Predicate<StackTraceElement> loop) {
        int below = 0;
        while (below < stack.length && "java.lang.Thread".equals(stack[below].getClassName())) {
            below++;
        }
        return below > 0 && below < stack.length && loop.test(stack[below]);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return timer.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return timer.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return timer.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return timer.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    /** Stops the timer thread; threads already running Paho's tasks end when Paho stops them. */
    @Override
    public void shutdown() {
        timer.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return timer.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return timer.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return timer.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return timer.awaitTermination(timeout, unit);
    }

    /** A task whose cancellation never interrupts the thread running it. */
    private static final class UninterruptedTask<T> extends FutureTask<T> {
        UninterruptedTask(Runnable task) {
            super(task, null);
        }

        UninterruptedTask(Callable<T> task) {
            super(task);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return super.cancel(false);
        }
    }
}
