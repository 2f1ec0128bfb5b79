package dev.rivulet.streaming;

/**
 * A user function threw: the record (or the whole batch, for batch functions) it was given is left
 * out of the result and handed here instead, so one bad reading never stops the runtime.
 *
 * @param operator  the operator whose function threw, e.g. {@code "map"} or {@code "updateStateByKey"}
 * @param batchTime the batch being computed
 * @param input     the record, key and values, or batch the function was given
 * @param error     what it threw
 */
public record StreamError(String operator, long batchTime, Object input, Throwable error) {

    @Override
    public String toString() {
        return operator + " failed at batch " + batchTime + " ms on " + abbreviate(String.valueOf(input)) + ": " + error;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
