package dev.rivulet.sensors.simulator;

/**
 * How busy the buses are by time of day, as a multiplier of the peak: almost nobody at night, a sharp
 * morning peak around 08:00, a midday plateau, and a broader evening peak around 17:30.
 *
 * <pre>
 *  1.0 |        *                  *
 *      |       * *               *   *
 *  0.4 |      *   * * * * * * * *     *
 *      |     *                          *  *
 *  0.0 |* * *                                 * *
 *      +--------------------------------------------
 *       0    6   8      12        17:30    22   24 h
 * </pre>
 */
public final class DailyDemand {
    private DailyDemand() {
    }

    /** The demand at {@code hour} (0–24, fractional), between 0.03 and about 1. */
    public static double at(double hour) {
        double morning = bump(hour, 8.0, 1.0);
        double evening = 0.9 * bump(hour, 17.5, 1.4);
        double day = hour >= 6.5 && hour <= 21 ? 0.35 : 0;
        double shoulder = hour >= 5.5 && hour <= 23 ? 0.1 : 0;
        return Math.max(0.03, Math.max(Math.max(morning, evening), Math.max(day, shoulder)));
    }

    private static double bump(double hour, double centre, double width) {
        double d = (hour - centre) / width;
        return Math.exp(-0.5 * d * d);
    }
}
