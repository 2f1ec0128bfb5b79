package dev.rivulet.upstream;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import java.time.Duration;
import java.util.List;

/**
 * Summaries forwarded to the central broker through the outbox (store-and-forward): {@code upstream}.
 *
 * @param broker  the central broker's name; absent: nothing is forwarded
 * @param topic   summary topic; {@code {gateway}} is filled in (default {@code rivulet/{gateway}/summary})
 * @param alerts  alert topic (default {@code rivulet/{gateway}/alerts})
 * @param results pipeline results topic, for pipelines whose outputs include an upstream output; {@code {gateway}},
 *                {@code {pipeline}} and {@code {key}} are filled in (default {@code rivulet/{gateway}/results/{pipeline}})
 * @param period  how often a summary is sent, a multiple of the batch interval (default 60s)
 * @param qos     0 or 1 (default 1)
 * @param retryMax while the link is down, the longest wait between two tries (default 60s)
 */
public record UpstreamSettings(String broker, String topic, String alerts, String results, Duration period, int qos,
                               Duration retryMax) {

    private static final Key BROKER = new Key("broker", Key.Type.STRING, "",
            "the central broker's name under brokers; empty: nothing is forwarded");
    private static final Key TOPIC = new Key("topic", Key.Type.STRING, "rivulet/{gateway}/summary",
            "summary topic; {gateway} is filled in");
    private static final Key ALERTS = new Key("alerts", Key.Type.STRING, "rivulet/{gateway}/alerts", "alert topic");
    private static final Key RESULTS = new Key("results", Key.Type.STRING, "rivulet/{gateway}/results/{pipeline}",
            "pipeline results topic (pipelines whose outputs include an upstream output); {pipeline} and {key} are filled in");
    private static final Key PERIOD = new Key("period", Key.Type.DURATION, "60s",
            "a summary per period, a multiple of the batch interval");
    private static final Key QOS = new Key("qos", Key.Type.INTEGER, "1", "0 or 1");
    private static final Key RETRY_MAX = new Key("retry-max", Key.Type.DURATION, "60s",
            "while the link is down, the longest wait between two tries");

    /** The keys of {@code upstream}. */
    public static final List<Key> KEYS = List.of(BROKER, TOPIC, ALERTS, RESULTS, PERIOD, QOS, RETRY_MAX);

    /** Reads {@code upstream}. */
    public static UpstreamSettings read(ConfigNode node) {
        UpstreamSettings settings = new UpstreamSettings(node.string(BROKER.name(), ""), TOPIC.string(node),
                ALERTS.string(node), RESULTS.string(node), PERIOD.duration(node), QOS.integer(node, 0, 1), RETRY_MAX.duration(node));
        node.rejectUnknown();
        return settings;
    }

    /** Whether summaries are forwarded at all. */
    public boolean enabled() {
        return !broker.isEmpty();
    }
}
