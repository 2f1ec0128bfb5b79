package dev.rivulet.streaming;

/** A stream that takes its parent's records one at a time while a batch is open (push mode). */
interface Inlet<T> {

    void accept(T record);
}
