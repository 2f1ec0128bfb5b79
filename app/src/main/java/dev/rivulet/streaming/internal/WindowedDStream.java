package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code window}: every record of the parent's last batches, at every slide.
 *
 * <pre>
 *  parent batches   0   1   2   3   4   5
 *  window(3, 2)         ^{0,1}  ^{1,2,3}  ^{3,4,5}     fires where (k + 1) is a multiple of the slide
 * </pre>
 *
 * Early windows are partial: batches before the first do not exist. The parent's batches are shared,
 * not copied.
 */
final class WindowedDStream<T> extends DStream<T> {

    private final DStream<T> parent;
    private final long lengthMillis;
    private final long slideMillis;

    WindowedDStream(DStream<T> parent, Duration length, Duration slide, String operator) {
        super(parent.context(), operator);
        this.parent = parent;
        long interval = parent.context().batchInterval().toMillis();
        this.lengthMillis = WindowCheck.lengthMillis(operator, length, slideOf(parent), interval);
        this.slideMillis = WindowCheck.slideMillis(operator, slide, slideOf(parent), interval);
    }

    @Override
    protected long slideMillis() {
        return slideMillis;
    }

    @Override
    protected List<DStream<?>> dependencies() {
        return List.of(parent);
    }

    @Override
    protected long parentRememberExtraMillis() {
        return lengthMillis;
    }

    @Override
    protected Optional<Batch<T>> compute(long validTime) {
        long from = validTime - lengthMillis + slideOf(parent);
        return Optional.of(concatenate(validTime, batchesOf(parent, from, validTime)));
    }

    @Override
    protected String parameters() {
        return "length=" + lengthMillis;
    }
}
