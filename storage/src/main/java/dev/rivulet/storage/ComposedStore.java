package dev.rivulet.storage;

/**
 * A store made of its four parts; implementations add opening, closing and the size on disk.
 */
public abstract class ComposedStore implements Store {

    private final ReceiverLog receiverLog;
    private final Checkpoints checkpoints;
    private final Outbox outbox;
    private final DeadLetters deadLetters;
    private final StoreCounters counters;

    /** A store of these parts, all counting into {@code counters}. */
    protected ComposedStore(ReceiverLog receiverLog, Checkpoints checkpoints, Outbox outbox, DeadLetters deadLetters,
                            StoreCounters counters) {
        this.receiverLog = receiverLog;
        this.checkpoints = checkpoints;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.counters = counters;
    }

    @Override
    public ReceiverLog receiverLog() {
        return receiverLog;
    }

    @Override
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public StoreCounters counters() {
        return counters;
    }
}
