package dev.rivulet.storage.memory;

import dev.rivulet.storage.Outbox;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.OutboxResult;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreCounters.Counter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The outbox as an insertion-ordered map, with the retired ids as an insertion-ordered set. */
final class InMemoryOutbox implements Outbox {

    private final Object lock;
    private final StoreConfig config;
    private final StoreCounters counters;
    private final Map<String, OutboxMessage> queued = new LinkedHashMap<>();
    private final LinkedHashSet<String> retiredIds = new LinkedHashSet<>();
    private long droppedUnreported;

    InMemoryOutbox(Object lock, StoreConfig config, StoreCounters counters) {
        this.lock = lock;
        this.config = config;
        this.counters = counters;
    }

    @Override
    public OutboxResult enqueue(List<OutboxMessage> messages) {
        synchronized (lock) {
            return enqueueLocked(messages);
        }
    }

    /** Queues and counts; the caller holds the lock. */
    OutboxResult enqueueLocked(List<OutboxMessage> messages) {
        int added = 0;
        for (OutboxMessage message : messages) {
            if (!retiredIds.contains(message.id()) && !queued.containsKey(message.id())) {
                queued.put(message.id(), copy(message));
                added++;
            }
        }
        int dropped = 0;
        for (Iterator<String> oldest = queued.keySet().iterator(); queued.size() > config.outboxMaxMessages(); ) {
            retire(oldest.next());
            oldest.remove();
            dropped++;
        }
        droppedUnreported += dropped;
        OutboxResult result = new OutboxResult(added, messages.size() - added, dropped);
        counters.add(Counter.OUTBOX_QUEUED, result.queued());
        counters.add(Counter.OUTBOX_DUPLICATES_SKIPPED, result.skipped());
        counters.add(Counter.OUTBOX_DROPPED, result.dropped());
        return result;
    }

    private static OutboxMessage copy(OutboxMessage message) {
        return new OutboxMessage(message.id(), message.topic(), message.payload().clone(), message.qos(),
                message.retained());
    }

    private void retire(String id) {
        retiredIds.add(id);
        for (Iterator<String> oldest = retiredIds.iterator(); retiredIds.size() > config.retiredIdsRetained(); ) {
            oldest.next();
            oldest.remove();
        }
    }

    @Override
    public List<OutboxMessage> pending(int limit) {
        synchronized (lock) {
            return new ArrayList<>(queued.values()).subList(0, Math.min(limit, queued.size()));
        }
    }

    @Override
    public boolean markDelivered(String messageId) {
        synchronized (lock) {
            boolean wasQueued = queued.remove(messageId) != null;
            retire(messageId);
            if (wasQueued) {
                counters.increment(Counter.OUTBOX_DELIVERED);
            }
            return wasQueued;
        }
    }

    @Override
    public long depth() {
        synchronized (lock) {
            return queued.size();
        }
    }

    @Override
    public long droppedUnreported() {
        synchronized (lock) {
            return droppedUnreported;
        }
    }

    @Override
    public void countDropped(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, was " + count);
        }
        synchronized (lock) {
            droppedUnreported += count;
            counters.add(Counter.OUTBOX_DROPPED, count);
        }
    }

    @Override
    public void acknowledgeDropped(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, was " + count);
        }
        synchronized (lock) {
            droppedUnreported = Math.max(0, droppedUnreported - count);
        }
    }
}
