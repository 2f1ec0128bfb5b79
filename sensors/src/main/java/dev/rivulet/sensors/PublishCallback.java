package dev.rivulet.sensors;

/** Told once when a publish finished: {@code null} when the broker has it (QoS 1) or it was written (QoS 0). */
@FunctionalInterface
public interface PublishCallback {
    PublishCallback IGNORE = error -> { };

    void completed(Throwable errorOrNull);
}
