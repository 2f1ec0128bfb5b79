package dev.rivulet.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueCountsTest {

    /** Hyndman and Fan's definition 7 (R's and NumPy's default): numpy.quantile gives the same. */
    @ParameterizedTest(name = "{0}: p{1} = {2}")
    @CsvSource(delimiter = ';', value = {
            "1 2 3 4 5; 0.5; 3",
            "1 2 3 4; 0.5; 2.5",
            "1 2 3 4 5 6 7 8 9 10; 0.9; 9.1",
            "10 9 8 7 6 5 4 3 2 1; 0.9; 9.1",
            "7; 0.9; 7",
            "0 1; 0; 0",
            "0 1; 1; 1",
            "3 1 2 2; 0.25; 1.75",
            "2 2 2 5; 0.9; 4.1",
            "-0.0 0.0 1; 0.5; 0",
    })
    void definitionSevenOfHyndmanAndFan(String values, double p, double expected) {
        ValueCounts counts = new ValueCounts();
        for (String value : values.split(" ")) {
            counts.add(Double.parseDouble(value));
        }
        assertEquals(expected, counts.quantile(p), 1e-12);
        assertEquals(values.split(" ").length, counts.size());
    }

    /** Many values, few distinct (passengers over seats) or all distinct: the same as sorting them all. */
    @ParameterizedTest(name = "{0} values, {1} distinct at most")
    @CsvSource({"1, 1", "63, 5", "64, 5", "65, 5", "5000, 61", "5000, 1000000000", "20000, 3"})
    void theSameAsSortingEveryValue(int n, int distinct) {
        Random random = new Random(n * 31L + distinct);
        ValueCounts counts = new ValueCounts();
        double[] all = new double[n];
        for (int i = 0; i < n; i++) {
            all[i] = random.nextInt(distinct) / 60.0;
            counts.add(all[i]);
            if (i == n / 2) {
                assertEquals(sortedQuantile(Arrays.copyOf(all, i + 1), 0.9), counts.quantile(0.9), 1e-12,
                        "a quantile in the middle of adding");
            }
        }
        for (double p : new double[] {0, 0.1, 0.5, 0.9, 0.95, 1}) {
            assertEquals(sortedQuantile(all, p), counts.quantile(p), 1e-12, "p" + p);
        }
    }

    @Test
    void noValueNoQuantile() {
        assertThrows(IllegalArgumentException.class, () -> new ValueCounts().quantile(0.5));
        ValueCounts one = new ValueCounts();
        one.add(1);
        assertThrows(IllegalArgumentException.class, () -> one.quantile(1.5));
    }

    private static double sortedQuantile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double h = (sorted.length - 1) * p;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
