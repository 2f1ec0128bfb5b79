package dev.rivulet.sensors.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PahoThreadsTest {

    /**
     * Paho 1.2.5's start loop as it is written (CommsReceiver, CommsSender, CommsCallback), with a nap of a minute
     * instead of 100 ms: without the wake-up this test runs into its timeout.
     */
    static final class StartLoop implements Runnable {
        static final Predicate<StackTraceElement> START =
                frame -> frame.getClassName().equals(StartLoop.class.getName()) && frame.getMethodName().equals("start");

        private final Object lifecycle = new Object();
        private boolean running;
        private boolean stopped;
        private volatile Thread starter;
        int interruptedNaps;
        Thread thread;

        void start(PahoThreads threads) {
            starter = Thread.currentThread();
            synchronized (lifecycle) {
                threads.submit(this);
            }
            while (!isRunning()) {
                try {
                    Thread.sleep(60_000);
                } catch (Exception e) {
                    interruptedNaps++;
                }
            }
        }

        boolean isRunning() {
            synchronized (lifecycle) {
                return running;
            }
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            // Only once the starter naps, so that it must be woken (Paho's thread is usually that late too).
            while (starter.getState() != Thread.State.TIMED_WAITING
                    || !PahoThreads.napsIn(starter.getStackTrace(), START)) {
                Thread.onSpinWait();
            }
            synchronized (lifecycle) {
                running = true;
            }
            synchronized (lifecycle) {
                while (!stopped) {
                    try {
                        lifecycle.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        void stop() {
            synchronized (lifecycle) {
                stopped = true;
                lifecycle.notifyAll();
            }
        }
    }

    /** The loops the executor wakes Paho from are where Paho 1.2.5 has them: a Paho upgrade that moves them fails here. */
    @Test
    void pahosStartLoopsAreWhereTheExecutorLooks() throws Exception {
        for (String loop : new String[] {
                "org.eclipse.paho.mqttv5.client.internal.CommsReceiver",
                "org.eclipse.paho.mqttv5.client.internal.CommsSender",
                "org.eclipse.paho.mqttv5.client.internal.CommsCallback",
                "org.eclipse.paho.client.mqttv3.internal.CommsReceiver",
                "org.eclipse.paho.client.mqttv3.internal.CommsSender",
                "org.eclipse.paho.client.mqttv3.internal.CommsCallback"}) {
            Class.forName(loop).getMethod("start", String.class, java.util.concurrent.ExecutorService.class);
            assertTrue(PahoThreads.isStartLoop(new StackTraceElement(loop, "start", null, -1)), loop);
        }
        assertFalse(PahoThreads.isStartLoop(new StackTraceElement(
                "org.eclipse.paho.mqttv5.client.internal.CommsReceiver", "stop", null, -1)));
    }

    private static PahoThreads threadsFor() {
        return new PahoThreads("test", StartLoop.START);
    }

    @Test
    @Timeout(30)
    void wakesTheStarterAsleepInAStartLoopOnceTheThreadItStartedRuns() throws Exception {
        PahoThreads threads = threadsFor();
        StartLoop loop = new StartLoop();
        try {
            loop.start(threads);
            assertTrue(loop.isRunning());
            assertTrue(loop.interruptedNaps >= 1, "the starter was woken from its nap");
            assertNotSame(Thread.currentThread(), loop.thread, "the loop runs on a thread of its own");
        } finally {
            loop.stop();
            threads.shutdown();
        }
    }

    /** A sleep of the starter's that is not the start loop's own nap is left alone, even inside start(). */
    @Test
    void leavesOtherSleepsAlone() {
        StackTraceElement sleep = new StackTraceElement("java.lang.Thread", "sleep", null, -2);
        StackTraceElement start = new StackTraceElement(StartLoop.class.getName(), "start", null, 40);
        StackTraceElement settle = new StackTraceElement(PahoThreadsTest.class.getName(), "settle", null, 90);
        assertTrue(PahoThreads.napsIn(new StackTraceElement[] {sleep, start}, StartLoop.START), "the loop's nap");
        assertFalse(PahoThreads.napsIn(new StackTraceElement[] {sleep, settle, start}, StartLoop.START),
                "a sleep in a method start() calls is not the loop's");
        assertFalse(PahoThreads.napsIn(new StackTraceElement[] {start}, StartLoop.START), "in the loop, awake");
        assertFalse(PahoThreads.napsIn(new StackTraceElement[] {sleep}, StartLoop.START), "asleep elsewhere");
    }

    /** Paho cancels its loops' futures with an interrupt when it stops them; without an executor nothing does. */
    @Test
    @Timeout(30)
    void cancellingATaskNeverInterruptsItsThread() throws Exception {
        PahoThreads threads = threadsFor();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        try {
            Future<?> future = threads.submit(() -> {
                started.countDown();
                try {
                    finish.await();
                } catch (InterruptedException e) {
                    sawInterrupt.set(true);
                }
            });
            started.await();
            future.cancel(true);
            finish.countDown();
            assertTrue(future.isCancelled());
        } finally {
            threads.shutdown();
        }
        assertFalse(sawInterrupt.get());
    }

    @Test
    @Timeout(30)
    void runsEachTaskOnANewThreadAndSchedulesOnItsTimer() throws Exception {
        PahoThreads threads = new PahoThreads("client-7");
        try {
            AtomicReference<Thread> first = new AtomicReference<>();
            AtomicReference<Thread> second = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(2);
            threads.execute(() -> {
                first.set(Thread.currentThread());
                ran.countDown();
            });
            threads.execute(() -> {
                second.set(Thread.currentThread());
                ran.countDown();
            });
            ran.await();
            assertNotSame(first.get(), second.get());

            CompletableFuture<String> timerThread = new CompletableFuture<>();
            threads.schedule(() -> timerThread.complete(Thread.currentThread().getName()), 1, TimeUnit.MILLISECONDS);
            assertEquals("MQTT timer: client-7", timerThread.get());
        } finally {
            threads.shutdown();
        }
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> { }));
    }
}
