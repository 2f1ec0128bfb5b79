package dev.rivulet.alerts;

/**
 * What a rule measures a signal's number against before its hysteresis compares the result with high and low.
 * Most kinds compare the number itself ({@link #PLAIN}); a kind may compare it with something of the key and the
 * time, such as what is usual for that bus at that hour ({@link BusierThanUsualAlert}). Called on the engine's
 * thread, once per key and batch.
 */
public interface Yardstick {

    /** The number itself, with nothing added to the detail. */
    Yardstick PLAIN = new Yardstick() {
        @Override
        public double measure(String key, long batchTime, double number) {
            return number;
        }

        @Override
        public String explain(String key, long batchTime, double number) {
            return "";
        }
    };

    /**
     * The number compared with the rule's high and low for {@code key} at {@code batchTime}; NaN when there is
     * nothing to compare it with this batch, which leaves the key's alert state as it is (neither raised nor
     * cleared, its count of batches in a row unchanged). {@link #PLAIN} passes NaN on as a number.
     */
    double measure(String key, long batchTime, double number);

    /** Words added to an alert's detail, starting with {@code "; "}; empty for none. */
    String explain(String key, long batchTime, double number);
}
