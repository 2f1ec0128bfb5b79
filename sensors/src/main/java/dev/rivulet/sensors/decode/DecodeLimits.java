package dev.rivulet.sensors.decode;

import java.time.Duration;
import java.util.function.IntFunction;

/**
 * What a payload must satisfy besides parsing: a maximum size, an event time not too far from its arrival
 * (a sensor with a dead RTC battery reports 1970; one with a bad NTP sync reports next year), and numbers of a
 * sane size (a counter sending {@code 1.2e29} boardings would saturate every sum it enters).
 *
 * @param maxPayloadBytes larger payloads are refused unread
 * @param maxFuture       event times later than arrival + this are refused
 * @param maxPast         event times earlier than arrival - this are refused
 * @param maxMagnitude    numeric fields whose absolute value is larger are refused, as are NaN and infinities
 */
public record DecodeLimits(int maxPayloadBytes, Duration maxFuture, Duration maxPast, double maxMagnitude) {
    /**
     * The longest key or label value taken, in characters. A key names a bus or a sensor, a label a stop or a door:
     * each is kept in the pipelines' state for as long as the gateway runs, so a payload limit's worth of key
     * (64 KiB) times {@code max-keys} would be gigabytes. 2,000 readings with keys of 30,000 characters ended the
     * unit's 48 MiB heap, and every restart replayed them from the write-ahead log.
     */
    public static final int MAX_TEXT_CHARS = 256;

    /** The default {@link #maxMagnitude}: a billion is far past any count or measurement a sensor sends. */
    public static final double DEFAULT_MAX_MAGNITUDE = 1e9;

    /** 64 KiB, 5 minutes ahead (clock skew), 7 days behind (a gateway buffering while offline), ±1e9. */
    public static final DecodeLimits DEFAULT = new DecodeLimits(64 * 1024, Duration.ofMinutes(5), Duration.ofDays(7));

    /** Limits with the default magnitude, {@value #DEFAULT_MAX_MAGNITUDE}. */
    public DecodeLimits(int maxPayloadBytes, Duration maxFuture, Duration maxPast) {
        this(maxPayloadBytes, maxFuture, maxPast, DEFAULT_MAX_MAGNITUDE);
    }

    public DecodeLimits {
        if (!(maxMagnitude > 0) || Double.isNaN(maxMagnitude)) {
            throw new IllegalArgumentException("maxMagnitude must be a positive number, was " + maxMagnitude);
        }
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, was " + maxPayloadBytes);
        }
        if (maxFuture.isNegative() || maxPast.isNegative()) {
            throw new IllegalArgumentException("maxFuture and maxPast must not be negative: " + maxFuture + ", " + maxPast);
        }
    }

    /** These limits with another {@link #maxMagnitude}. */
    public DecodeLimits withMaxMagnitude(double magnitude) {
        return new DecodeLimits(maxPayloadBytes, maxFuture, maxPast, magnitude);
    }

    /** Refuses a payload over the size limit; true when it did. */
    boolean rejectOversize(byte[] payload, DecodeResult out) {
        if (payload.length <= maxPayloadBytes) {
            return false;
        }
        out.reject(payload, "payload of " + payload.length + " bytes exceeds the limit of " + maxPayloadBytes + " bytes");
        return true;
    }

    /** Why the event time is out of bounds, or null. */
    String checkTime(long eventTime, long arrivalTime) {
        if (eventTime > arrivalTime + maxFuture.toMillis()) {
            return "event time " + eventTime + " is more than " + maxFuture + " after arrival " + arrivalTime;
        }
        if (eventTime < arrivalTime - maxPast.toMillis()) {
            return "event time " + eventTime + " is more than " + maxPast + " before arrival " + arrivalTime;
        }
        return null;
    }

    /**
     * Why a reading's key or labels ({@code labelNames.apply(i)} is {@code labels[i]}'s name; both null for a reading
     * without labels) cannot be kept, or null.
     * Lengths count characters as a reader does (an emoji is one), not UTF-16 units.
     */
    static String checkTexts(String key, IntFunction<String> labelNames, String[] labels) {
        if (tooLong(key)) {
            return "key of " + characters(key) + " characters is longer than the limit of " + MAX_TEXT_CHARS
                    + " (a key names a bus or a sensor, and is kept in the state as long as the gateway runs): '"
                    + start(key) + "…'";
        }
        if (labels != null) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != null && tooLong(labels[i])) {
                    return "label '" + labelNames.apply(i) + "' of " + characters(labels[i])
                            + " characters is longer than the limit of " + MAX_TEXT_CHARS + ": '" + start(labels[i]) + "…'";
                }
            }
        }
        return null;
    }

    private static boolean tooLong(String text) {
        return text.length() > MAX_TEXT_CHARS && characters(text) > MAX_TEXT_CHARS;
    }

    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The first 40 characters, for a reason: never half of a surrogate pair. */
    private static String start(String text) {
        return text.substring(0, text.offsetByCodePoints(0, Math.min(40, characters(text))));
    }

    /** Why a field value cannot be used, or null. */
    String checkValue(String field, double value) {
        if (!Double.isFinite(value)) {
            return "field '" + field + "' is not finite: " + value;
        }
        if (Math.abs(value) > maxMagnitude) {
            return "field '" + field + "' is " + value + ", past the limit of ±" + maxMagnitude + " (max-magnitude)";
        }
        return null;
    }
}
