package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RFC 9110 §5.6.7's own examples, and the day of the month that RFC_1123_DATE_TIME writes as one digit. */
class HttpDateTest {

    private static final long NOV_6_1994 = 784111777L;

    @Test
    void sentAsImfFixdateWithATwoDigitDay() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(Instant.ofEpochSecond(NOV_6_1994)));
    }

    @Test
    void readInAllThreeFormats() {
        assertEquals(OptionalLong.of(NOV_6_1994), HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(OptionalLong.of(NOV_6_1994), HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(OptionalLong.of(NOV_6_1994), HttpDate.parse("Sun Nov  6 08:49:37 1994"));
    }

    @Test
    void anythingElseIsNoDate() {
        assertTrue(HttpDate.parse("yesterday").isEmpty());
        assertTrue(HttpDate.parse("Sun, 31 Nov 1994 08:49:37 GMT").isEmpty(), "no 31 November");
        assertTrue(HttpDate.parse("").isEmpty());
    }
}
