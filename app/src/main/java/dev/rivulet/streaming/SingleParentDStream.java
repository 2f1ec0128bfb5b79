package dev.rivulet.streaming;

import java.util.List;

/** A stream computed from one parent, sliding with it: most operators. */
public abstract class SingleParentDStream<P, T> extends DStream<T> {

    private final DStream<P> parent;

    protected SingleParentDStream(DStream<P> parent, String operator) {
        super(parent.context(), operator);
        this.parent = parent;
    }

    /** The stream this one is computed from. */
    protected final DStream<P> parent() {
        return parent;
    }

    @Override
    protected long slideMillis() {
        return slideOf(parent);
    }

    @Override
    protected final List<DStream<?>> dependencies() {
        return List.of(parent);
    }
}
