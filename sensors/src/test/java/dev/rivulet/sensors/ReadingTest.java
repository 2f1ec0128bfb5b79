package dev.rivulet.sensors;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadingTest {
    private static final ReadingSchema BUS = ReadingSchema.of(java.util.List.of("boardings", "alightings"), java.util.List.of("stop"));

    @Test
    void readsFieldsByNameAndPositionAndLabels() {
        Reading r = new Reading("sim", "12", 1000, 1005, BUS, new double[] {3, 1}, new String[] {"S4"});
        assertEquals(3.0, r.value("boardings"));
        assertEquals(1.0, r.value("alightings"));
        assertTrue(Double.isNaN(r.value("capacity")));
        assertFalse(r.has("capacity"));
        assertEquals(2, r.fieldCount());
        assertEquals("alightings", r.fieldName(1));
        assertEquals(1.0, r.value(1));
        assertEquals("S4", r.label("stop"));
        assertNull(r.label("route"));
    }

    @Test
    void readingsOfOneSchemaShareTheirNames() {
        Reading a = new Reading("sim", "1", 0, 0, BUS, new double[] {1, 2}, new String[] {"S1"});
        Reading b = new Reading("sim", "2", 0, 0, BUS, new double[] {3, 4}, new String[] {"S2"});
        assertSame(a.fieldName(0), b.fieldName(0));
        assertSame(a.schema(), b.schema());
    }

    @Test
    void equalityIgnoresHowTheSchemaWasBuilt() {
        Map<String, Double> fields = new LinkedHashMap<>();
        fields.put("boardings", 3.0);
        fields.put("alightings", 1.0);
        Reading built = Reading.of("sim", "12", 1000, 1005, fields, Map.of("stop", "S4"));
        Reading direct = new Reading("sim", "12", 1000, 1005, BUS, new double[] {3, 1}, new String[] {"S4"});
        assertEquals(direct, built);
        assertEquals(direct.hashCode(), built.hashCode());
        assertNotEquals(direct, new Reading("sim", "12", 1000, 1005, BUS, new double[] {3, 2}, new String[] {"S4"}));
        assertEquals("Reading{sim 12 @1000 (arrived 1005) boardings=3.0 alightings=1.0 stop='S4'}", direct.toString());
    }

    @Test
    void refusesValuesThatDoNotFitTheSchema() {
        assertThrows(IllegalArgumentException.class, () -> new Reading("s", "k", 0, 0, BUS, new double[] {1}, new String[] {"S"}));
        assertThrows(IllegalArgumentException.class, () -> ReadingSchema.of("a", "a"));
    }

    @Test
    void deadLettersCarryTheRawBytesAsTheyArrivedForTheStoreToCut() {
        DeadLetter d = new DeadLetter("mqtt", "t", new byte[10_000], "too big", 1);
        assertEquals(10_000, d.raw().length);
        assertEquals(0, new DeadLetter("mqtt", "t", null, "empty", 1).raw().length);
    }
}
