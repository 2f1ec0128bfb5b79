package dev.rivulet.sources;

import dev.rivulet.sensors.directory.ReadFiles;
import java.util.function.Function;
import dev.rivulet.broker.BrokerSettings;
import dev.rivulet.streaming.clock.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What the gateway lends its sources.
 *
 * @param brokers       the declared brokers, by name
 * @param batchInterval the micro-batch interval (GPIO counters emit once per batch)
 * @param clock         the gateway's clock: a simulator paces itself on it and stamps arrivals with it
 * @param filesRead     what each source that reads files read of them before, by source name
 */
public record SourceLinks(Map<String, BrokerSettings> brokers, Duration batchInterval, Clock clock,
                          Function<String, ReadFiles> filesRead) {
}
