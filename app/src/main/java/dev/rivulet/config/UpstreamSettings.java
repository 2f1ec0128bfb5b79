package dev.rivulet.config;

import java.time.Duration;

/**
 * Summaries forwarded to the central broker through the outbox (store-and-forward): {@code upstream}.
 *
 * @param broker  the central broker's name; absent: nothing is forwarded
 * @param topic   summary topic; {@code {gateway}} is filled in (default {@code rivulet/{gateway}/summary})
 * @param alerts  alert topic (default {@code rivulet/{gateway}/alerts})
 * @param period  how often a summary is sent, a multiple of the batch interval (default 60s)
 * @param qos     0 or 1 (default 1)
 * @param retryMax while the link is down, the longest wait between two tries (default 60s)
 */
public record UpstreamSettings(String broker, String topic, String alerts, Duration period, int qos, Duration retryMax) {

    static UpstreamSettings read(ConfigNode node) {
        UpstreamSettings settings = new UpstreamSettings(node.string("broker", ""),
                node.string("topic", "rivulet/{gateway}/summary"), node.string("alerts", "rivulet/{gateway}/alerts"),
                node.duration("period", Duration.ofSeconds(60)), node.integer("qos", 1, 0, 1),
                node.duration("retry-max", Duration.ofSeconds(60)));
        node.rejectUnknown();
        return settings;
    }

    /** Whether summaries are forwarded at all. */
    public boolean enabled() {
        return !broker.isEmpty();
    }
}
