package dev.rivulet.outputs;

import dev.rivulet.alerts.Alert;
import dev.rivulet.checkpoint.OutboxBuffer;
import dev.rivulet.sensors.DigitalOutput;
import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.signals.Result;
import dev.rivulet.upstream.UpstreamSettings;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the gateway lends its outputs: it owns the connections, the pins and the outbox, and outputs share them.
 *
 * @param gatewayId       fills {@code {gateway}} in topics
 * @param publishers      the publisher of a broker, by its name, connected once and shared
 * @param pins            the pin of a gpio output, opened once per pin number
 * @param outbox          the upstream outbox, committed with each checkpoint
 * @param upstream        the upstream settings: its alert topic and qos
 * @param ruleHasOpenAlerts whether a rule has an open alert now
 * @param failures        failed publishes per output, counted for /metrics and logged once per change
 */
public record OutputLinks(String gatewayId, Function<String, MessagePublisher> publishers,
                          Function<PinRequest, DigitalOutput> pins, OutboxBuffer outbox, UpstreamSettings upstream,
                          Predicate<String> ruleHasOpenAlerts, PublishFailures failures) {

    /** Fills {@code {key}}, {@code {rule}} and {@code {gateway}} into a topic template. */
    public String topic(String template, Alert alert) {
        return template.replace("{key}", alert.key()).replace("{rule}", alert.rule()).replace("{gateway}", gatewayId);
    }

    /** Fills {@code {key}}, {@code {pipeline}} and {@code {gateway}} into a topic template. */
    public String topic(String template, Result result) {
        return template.replace("{key}", result.key()).replace("{pipeline}", result.pipeline())
                .replace("{gateway}", gatewayId);
    }
}
