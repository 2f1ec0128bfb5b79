package dev.rivulet.config;

/**
 * One thing wrong with a configuration file: where, and what to do about it.
 *
 * @param path    the key's path, e.g. {@code pipelines.occupancy.window}
 * @param message the bad value and the fix, e.g. {@code 45s is not a multiple of the batch interval 10s; use 40s or 50s}
 */
public record ConfigProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
