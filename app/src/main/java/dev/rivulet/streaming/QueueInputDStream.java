package dev.rivulet.streaming;

import java.util.Collection;
import java.util.Queue;

/**
 * An input stream that takes one queued collection per batch, like Spark's
 * {@code queueStream(queue, oneAtATime = true)}; an empty queue gives an empty batch. For tests and replay.
 */
final class QueueInputDStream<T> extends InputDStream<T> {

    private final Queue<? extends Collection<? extends T>> queue;

    QueueInputDStream(StreamingContext context, Queue<? extends Collection<? extends T>> queue) {
        super(context, "queueStream");
        this.queue = queue;
    }

    @Override
    void onBatchClose(long time) {
        Collection<? extends T> next;
        synchronized (queue) {
            next = queue.poll();
        }
        if (next != null) {
            for (T record : next) {
                emit(record);
            }
            context().graph().countInput(next.size());
        }
    }
}
