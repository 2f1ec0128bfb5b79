package dev.rivulet.sources;

import dev.rivulet.config.BrokerSettings;
import java.time.Duration;
import java.util.Map;

/**
 * What the gateway lends its sources.
 *
 * @param brokers       the declared brokers, by name
 * @param batchInterval the micro-batch interval (GPIO counters emit once per batch)
 */
public record SourceLinks(Map<String, BrokerSettings> brokers, Duration batchInterval) {
}
