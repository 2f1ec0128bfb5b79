package dev.rivulet.pipeline;

import dev.rivulet.sensors.Reading;
import java.util.List;
import java.util.function.Predicate;

/** A pipeline's {@code where}: every condition must hold; a missing field fails its condition. */
final class ReadingFilter implements Predicate<Reading> {

    private final List<Condition> conditions;

    ReadingFilter(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    @Override
    public boolean test(Reading reading) {
        return brokenRule(reading) == null;
    }

    /** The first condition the reading fails, as its rule name ({@code where in >= 0}), or null. */
    String brokenRule(Reading reading) {
        for (Condition condition : conditions) {
            if (!condition.test(reading.value(condition.field()))) {
                return condition.rule();
            }
        }
        return null;
    }
}
