package dev.rivulet.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.sensors.Conditions;
import dev.rivulet.sensors.DeadLetter;
import dev.rivulet.storage.DeadLetters;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreFullException;
import dev.rivulet.storage.StoredDeadLetter;
import dev.rivulet.storage.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter writer over a real SQLite file, each write let through (or failed) when the test says. */
class DeadLetterWriterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Store store;
    private GatedLetters gated;

    /** The store's dead letters, each write waiting for a permit; the sizes of the writes that went through. */
    private static final class GatedLetters implements DeadLetters {
        final DeadLetters real;
        final Semaphore permits = new Semaphore(0);
        final List<Integer> written = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean full;

        GatedLetters(DeadLetters real) {
            this.real = real;
        }

        @Override
        public void record(String source, String topic, byte[] raw, String reason) {
            throw new AssertionError("the writer records letters in groups");
        }

        @Override
        public void recordAll(List<Letter> letters) {
            permits.acquireUninterruptibly();
            attempts.incrementAndGet();
            if (full) {
                throw new StoreFullException("recording " + letters.size() + " dead letters refused: the disk is full", null);
            }
            real.recordAll(letters);
            written.add(letters.size());
        }

        @Override
        public List<StoredDeadLetter> latest(int limit) {
            return real.latest(limit);
        }

        @Override
        public long count() {
            return real.count();
        }
    }

    @BeforeEach
    void open() {
        store = SqliteStore.open(StoreConfig.builder(dir.resolve("state")).deadLettersMaxRows(10_000)
                .deadLetterMaxRawBytes(8).build(), Clock.systemUTC());
        gated = new GatedLetters(store.deadLetters());
    }

    @AfterEach
    void close() {
        gated.permits.release(1_000);
        store.close();
    }

    /** When the letters arrived: now, as the store's age bound (a week) sees it. */
    private final long arrived = System.currentTimeMillis();

    private DeadLetter letter(int i) {
        return new DeadLetter("doors", "t/" + i, ("payload number " + i).getBytes(UTF_8), "not JSON", arrived + i);
    }

    @Test
    void acknowledgesEachLetterOnlyOnceItIsWrittenAndWritesWhatGatheredMeanwhileTogether() {
        List<Integer> kept = new CopyOnWriteArrayList<>();
        try (DeadLetterWriter writer = new DeadLetterWriter(gated, 8, Duration.ofSeconds(1))) {
            writer.deadLetter(letter(0), () -> kept.add(0));
            Conditions.await(() -> gated.permits.hasQueuedThreads(), WAIT, () -> "the first write waiting");
            for (int i = 1; i <= 300; i++) {
                int n = i;
                writer.deadLetter(letter(i), () -> kept.add(n));
            }
            assertEquals(List.of(), kept, "nothing written yet");

            gated.permits.release(3);
            Conditions.await(() -> kept.size() == 301, WAIT, () -> kept.size() + " of 301 kept");
            assertEquals(List.of(1, DeadLetterWriter.GROUP, 300 - DeadLetterWriter.GROUP), gated.written,
                    "the letters that came while one was written go in groups of at most " + DeadLetterWriter.GROUP);
            List<StoredDeadLetter> stored = store.deadLetters().latest(1_000);
            assertEquals(301, stored.size());
            StoredDeadLetter last = stored.get(0);
            assertEquals("t/300", last.topic());
            assertEquals(arrived + 300, last.arrivedAtMillis());
            assertEquals("payload ", new String(last.raw(), UTF_8), "cut to the store's length");
            assertEquals("payload number 300".length(), last.rawLength());
        }
    }

    @Test
    void aLetterWithoutAnAcknowledgementIsWrittenWhenTheCallReturns() throws Exception {
        try (DeadLetterWriter writer = new DeadLetterWriter(gated, 8, Duration.ofSeconds(1))) {
            Thread source = new Thread(() -> writer.deadLetter(letter(7)));
            source.start();
            Conditions.await(() -> gated.permits.hasQueuedThreads(), WAIT, () -> "the write waiting");
            assertTrue(source.isAlive(), "the source waits for its letter to be written");
            gated.permits.release();
            source.join(WAIT.toMillis());
            assertEquals(1, store.deadLetters().count());
        }
    }

    @Test
    void awaitKeptReturnsOnceEveryLetterHandedOverBeforeIsWritten() throws Exception {
        try (DeadLetterWriter writer = new DeadLetterWriter(gated, 8, Duration.ofSeconds(1))) {
            for (int i = 0; i < 3; i++) {
                writer.deadLetter(letter(i), dev.rivulet.sensors.Acknowledgement.NONE);
            }
            Thread source = new Thread(() -> {
                try {
                    writer.awaitKept();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            source.start();
            Conditions.await(() -> source.getState() == Thread.State.WAITING, WAIT, () -> "the source waiting");
            gated.permits.release(2);
            source.join(WAIT.toMillis());
            assertEquals(Thread.State.TERMINATED, source.getState());
            assertEquals(3, store.deadLetters().count());
            writer.awaitKept();
        }
    }

    @Test
    void aFailedWriteIsTriedAgainAndNothingIsAcknowledgedUntilItWorks() {
        List<Integer> kept = new CopyOnWriteArrayList<>();
        gated.full = true;
        try (DeadLetterWriter writer = new DeadLetterWriter(gated, 8, Duration.ZERO)) {
            writer.deadLetter(letter(1), () -> kept.add(1));
            writer.deadLetter(letter(2), () -> kept.add(2));
            gated.permits.release(2);
            Conditions.await(() -> gated.attempts.get() == 2, WAIT, () -> "two attempts");
            assertEquals(List.of(), kept);
            assertNotNull(writer.problem());
            assertTrue(writer.problem().contains("the disk is full"), writer.problem());

            gated.full = false;
            // Two: the writer may have taken letter 1 before letter 2 was handed over, and then writes them apart.
            gated.permits.release(2);
            Conditions.await(() -> kept.size() == 2, WAIT, () -> "both kept once the disk takes writes");
            assertNull(writer.problem());
            assertEquals(2, store.deadLetters().count());
        }
    }

    @Test
    void closingWritesTheLettersStillWaiting() {
        List<Integer> kept = new CopyOnWriteArrayList<>();
        DeadLetterWriter writer = new DeadLetterWriter(gated, 8, Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            int n = i;
            writer.deadLetter(letter(i), () -> kept.add(n));
        }
        gated.permits.release(1_000);
        writer.close();
        assertEquals(20, kept.size());
        assertEquals(20, store.deadLetters().count());

        writer.deadLetter(letter(20), () -> kept.add(20));
        assertEquals(21, kept.size(), "a straggler after close is written at once");
    }

    @Test
    void closingGivesUpOnAWriteThatKeepsFailingAndAcknowledgesNothing() {
        List<Integer> kept = new CopyOnWriteArrayList<>();
        gated.full = true;
        gated.permits.release(1_000);
        DeadLetterWriter writer = new DeadLetterWriter(gated, 8, Duration.ofHours(1));
        writer.deadLetter(letter(1), () -> kept.add(1));
        Conditions.await(() -> gated.attempts.get() >= 1, WAIT, () -> "an attempt");
        writer.close();
        assertEquals(List.of(), kept, "the broker keeps the message and sends it again");
        assertEquals(0, store.deadLetters().count());
    }
}
