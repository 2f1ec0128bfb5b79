package dev.rivulet.signals;

/**
 * Someone outside the pipelines who wants every value of one signal, per key and batch: what {@code rivulet replay
 * --baseline-out} builds a baseline from.
 *
 * @param path     the signal, {@code PIPELINE.SIGNAL}
 * @param observer called on the engine's thread for every key of every batch
 */
public record SignalTap(String path, Observer observer) {

    /** Takes one key's number at one batch. */
    @FunctionalInterface
    public interface Observer {
        void observe(long batchTime, String key, double number);
    }
}
