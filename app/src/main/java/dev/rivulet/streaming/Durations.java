package dev.rivulet.streaming;

/** How the engine writes durations in messages: {@code 45s}, {@code 5m}, {@code 1500ms}. */
public final class Durations {

    private Durations() {
    }

    /** The shortest exact form of {@code millis}. */
    public static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
