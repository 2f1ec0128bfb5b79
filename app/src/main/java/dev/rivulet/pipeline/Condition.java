package dev.rivulet.pipeline;

/**
 * One condition of a pipeline's {@code where}: {@code field op number}, e.g. {@code in >= 0}.
 *
 * @param field  the reading's field
 * @param op     one of {@code >= <= > < == !=}
 * @param number what the field is compared with
 */
public record Condition(String field, String op, double number) {

    /** The rule's name in counters: {@code where in >= 0}. */
    public String rule() {
        String n = number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : Double.toString(number);
        return "where " + field + " " + op + " " + n;
    }

    /** Whether {@code value} satisfies it; NaN (a missing field) never does. */
    public boolean test(double value) {
        return switch (op) {
            case ">=" -> value >= number;
            case "<=" -> value <= number;
            case ">" -> value > number;
            case "<" -> value < number;
            case "==" -> value == number;
            default -> value != number && !Double.isNaN(value);
        };
    }
}
