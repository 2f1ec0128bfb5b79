package dev.rivulet.signals;

/**
 * A signal a pipeline kind publishes, declared before anything runs so that {@code check-config} can hold alert
 * rules to it: {@code watch: occupancy.load} names the pipeline {@code occupancy} and its signal {@code load}.
 *
 * @param name    the signal's name within its pipeline, e.g. {@code load}
 * @param measure what its numbers are
 * @param meaning what it is, in a few words, for messages and the README
 */
public record SignalSpec(String name, Measure measure, String meaning) {
}
