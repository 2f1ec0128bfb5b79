package dev.rivulet.status;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * HTTP dates (RFC 9110 §5.6.7): sent as IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}, the day always two
 * digits, which {@link DateTimeFormatter#RFC_1123_DATE_TIME} does not do); read in all three formats a recipient
 * must accept: IMF-fixdate, the obsolete RFC 850 form ({@code Sunday, 06-Nov-94 08:49:37 GMT}, a two-digit year
 * more than 50 years ahead taken as the past century's) and asctime ({@code Sun Nov  6 08:49:37 1994}).
 */
final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-").appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US).withResolverStyle(ResolverStyle.SMART);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private HttpDate() {
    }

    /** The IMF-fixdate of a time. */
    static String format(Instant time) {
        return IMF_FIXDATE.format(time);
    }

    /** Seconds since the epoch of an HTTP-date in any of its three formats; empty when it is none of them. */
    static OptionalLong parse(String text) {
        String value = text.strip();
        for (DateTimeFormatter format : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
            try {
                LocalDateTime time = LocalDateTime.parse(value, format);
                return OptionalLong.of(time.toEpochSecond(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                // Not this format: try the next.
            } catch (DateTimeException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
