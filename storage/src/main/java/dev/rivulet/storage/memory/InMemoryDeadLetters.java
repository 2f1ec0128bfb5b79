package dev.rivulet.storage.memory;

import dev.rivulet.storage.DeadLetters;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreCounters.Counter;
import dev.rivulet.storage.StoredDeadLetter;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** Dead letters in a deque, oldest first. */
final class InMemoryDeadLetters implements DeadLetters {

    private final Object lock;
    private final StoreConfig config;
    private final Clock clock;
    private final StoreCounters counters;
    private final Deque<StoredDeadLetter> letters = new ArrayDeque<>();
    private long lastId;

    InMemoryDeadLetters(Object lock, StoreConfig config, Clock clock, StoreCounters counters) {
        this.lock = lock;
        this.config = config;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public void record(String source, String topic, byte[] raw, String reason) {
        record(clock.millis(), source, topic, raw, reason);
    }

    @Override
    public void recordAll(List<Letter> arrived) {
        synchronized (lock) {
            long now = clock.millis();
            for (Letter letter : arrived) {
                letters.addLast(StoredDeadLetter.cut(++lastId, letter, config.deadLetterMaxRawBytes()));
            }
            long tooOld = now - config.deadLettersMaxAge().toMillis();
            int pruned = 0;
            for (Iterator<StoredDeadLetter> oldest = letters.iterator(); oldest.hasNext(); ) {
                StoredDeadLetter letter = oldest.next();
                if (letter.arrivedAtMillis() >= tooOld && letters.size() <= config.deadLettersMaxRows()) {
                    break;
                }
                oldest.remove();
                pruned++;
            }
            counters.add(Counter.DEAD_LETTERS_RECORDED, arrived.size());
            counters.add(Counter.DEAD_LETTERS_PRUNED, pruned);
        }
    }

    @Override
    public List<StoredDeadLetter> latest(int limit) {
        synchronized (lock) {
            List<StoredDeadLetter> newestFirst = new ArrayList<>();
            for (Iterator<StoredDeadLetter> newest = letters.descendingIterator(); newest.hasNext()
                    && newestFirst.size() < limit; ) {
                newestFirst.add(newest.next());
            }
            return newestFirst;
        }
    }

    @Override
    public long count() {
        synchronized (lock) {
            return letters.size();
        }
    }
}
