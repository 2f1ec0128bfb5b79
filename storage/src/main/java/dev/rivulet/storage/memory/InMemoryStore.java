package dev.rivulet.storage.memory;

import dev.rivulet.storage.ComposedStore;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import java.time.Clock;

/**
 * A store kept in memory with the same contract as {@link dev.rivulet.storage.sqlite.SqliteStore}: every part
 * shares one lock, so a checkpoint commit is atomic with its log pruning and outbox messages. Nothing survives
 * the process, and it never reports a full disk or an unreadable checkpoint.
 */
public final class InMemoryStore extends ComposedStore {

    /**
     * An empty store with the bounds of {@code config} (its file settings are ignored).
     *
     * @param clock the time used for ages and pruning
     */
    public InMemoryStore(StoreConfig config, Clock clock) {
        this(new Object(), config, clock, new StoreCounters());
    }

    private InMemoryStore(Object lock, StoreConfig config, Clock clock, StoreCounters counters) {
        this(lock, config, clock, counters, new InMemoryReceiverLog(lock, config, counters),
                new InMemoryOutbox(lock, config, counters));
    }

    private InMemoryStore(Object lock, StoreConfig config, Clock clock, StoreCounters counters,
                          InMemoryReceiverLog log, InMemoryOutbox outbox) {
        super(log, new InMemoryCheckpoints(lock, config, clock, counters, log, outbox), outbox,
                new InMemoryDeadLetters(lock, config, clock, counters), counters);
    }

    @Override
    public long sizeOnDiskBytes() {
        return 0;
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
