package dev.rivulet.sensors.decode;

import java.time.Duration;

/**
 * What a payload must satisfy besides parsing: a maximum size, and an event time not too far from its arrival
 * (a sensor with a dead RTC battery reports 1970; one with a bad NTP sync reports next year).
 *
 * @param maxPayloadBytes larger payloads are refused unread
 * @param maxFuture       event times later than arrival + this are refused
 * @param maxPast         event times earlier than arrival - this are refused
 */
public record DecodeLimits(int maxPayloadBytes, Duration maxFuture, Duration maxPast) {
    /** 64 KiB, 5 minutes ahead (clock skew), 7 days behind (a gateway buffering while offline). */
    public static final DecodeLimits DEFAULT = new DecodeLimits(64 * 1024, Duration.ofMinutes(5), Duration.ofDays(7));

    public DecodeLimits {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, was " + maxPayloadBytes);
        }
        if (maxFuture.isNegative() || maxPast.isNegative()) {
            throw new IllegalArgumentException("maxFuture and maxPast must not be negative: " + maxFuture + ", " + maxPast);
        }
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

    /** Why a field value cannot be used, or null. */
    static String checkValue(String field, double value) {
        return Double.isFinite(value) ? null : "field '" + field + "' is not finite: " + value;
    }
}
