package dev.rivulet.streaming;

/** Where an operator puts the records it produces. */
@FunctionalInterface
public interface Emitter<T> {

    /** Hands one produced record on. */
    void emit(T record);
}
