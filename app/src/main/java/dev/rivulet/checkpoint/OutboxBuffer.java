package dev.rivulet.checkpoint;

import dev.rivulet.storage.OutboxMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages outputs produced since the last checkpoint. They reach the store's outbox in the checkpoint's
 * transaction, so an alert exists on disk exactly when the state that raised it does.
 */
public final class OutboxBuffer {

    private final List<OutboxMessage> pending = new ArrayList<>();

    /** Called by outputs while a batch runs. */
    public synchronized void add(OutboxMessage message) {
        pending.add(message);
    }

    synchronized List<OutboxMessage> drain() {
        List<OutboxMessage> messages = new ArrayList<>(pending);
        pending.clear();
        return messages;
    }

    /** Puts back messages whose commit failed, ahead of newer ones. */
    synchronized void restore(List<OutboxMessage> messages) {
        pending.addAll(0, messages);
    }

    /** How many messages wait for the next checkpoint. */
    public synchronized int size() {
        return pending.size();
    }
}
