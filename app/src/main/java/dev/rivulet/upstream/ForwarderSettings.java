package dev.rivulet.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link OutboxForwarder} behaves.
 *
 * @param gatewayId          names this gateway in the dropped-messages report
 * @param droppedReportTopic where the report of messages the full outbox dropped is published
 * @param minBackoff         first wait after a failed publish or while the link is down
 * @param maxBackoff         the longest wait: the link is retried at least this often
 * @param publishTimeout     how long a publish may stay unanswered before it counts as failed (and is retried)
 * @param idlePoll           how often an idle forwarder looks at the outbox without being woken (messages
 *                           queued outside a checkpoint, e.g. by another process)
 * @param pageSize           messages read from the store at a time; they are still sent one at a time
 */
public record ForwarderSettings(String gatewayId, String droppedReportTopic, Duration minBackoff,
                                Duration maxBackoff, Duration publishTimeout, Duration idlePoll, int pageSize) {

    /** Checks the values; every message names the setting and says what is accepted. */
    public ForwarderSettings {
        Objects.requireNonNull(gatewayId, "gatewayId");
        if (droppedReportTopic == null || droppedReportTopic.isEmpty()) {
            throw new IllegalArgumentException("droppedReportTopic must be a non-empty MQTT topic");
        }
        requirePositive("minBackoff", minBackoff);
        requirePositive("maxBackoff", maxBackoff);
        requirePositive("publishTimeout", publishTimeout);
        requirePositive("idlePoll", idlePoll);
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be at least minBackoff ("
                    + minBackoff + ")");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
    }

    /**
     * Defaults: report to {@code rivulet/<gateway>/outbox-dropped}, back off from 1 s to 60 s, a publish may
     * take 30 s, look at an idle outbox every 5 s, read 32 messages at a time.
     */
    public static ForwarderSettings defaults(String gatewayId) {
        return new ForwarderSettings(gatewayId, "rivulet/" + gatewayId + "/outbox-dropped", Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(5), 32);
    }

    /** The same settings with another backoff range. */
    public ForwarderSettings withBackoff(Duration min, Duration max) {
        return new ForwarderSettings(gatewayId, droppedReportTopic, min, max, publishTimeout, idlePoll, pageSize);
    }

    /** The same settings reporting drops to another topic. */
    public ForwarderSettings withDroppedReportTopic(String topic) {
        return new ForwarderSettings(gatewayId, topic, minBackoff, maxBackoff, publishTimeout, idlePoll, pageSize);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}
