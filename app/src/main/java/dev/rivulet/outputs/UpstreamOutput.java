package dev.rivulet.outputs;

import dev.rivulet.config.Kind;
import dev.rivulet.signals.Result;
import dev.rivulet.storage.OutboxMessage;
import java.util.List;

/**
 * {@code type: upstream}: alerts and pipelines' results to the central broker through the outbox, committed with the checkpoint and
 * forwarded when the link is up; the outbox skips ids already queued or delivered. Needs {@code upstream.broker}.
 *
 * @param name the output's name
 */
public record UpstreamOutput(String name) implements OutputKind {

    static final Kind<OutputKind> KIND = new Kind<>("upstream", List.of(), (name, node) -> new UpstreamOutput(name));

    @Override
    public AlertOutput open(OutputLinks links) {
        return (alert, json) -> links.outbox().add(new OutboxMessage(alert.id(),
                links.topic(links.upstream().alerts(), alert), json, links.upstream().qos(), false));
    }

    /**
     * Each result through the outbox with its stable id ({@link Result#id}), to {@code upstream.results}: a result
     * computed again after a power cut is not sent twice, and results wait in the outbox while the link is down.
     */
    @Override
    public ResultRoute results() {
        return new ResultRoute.Takes(links -> (pipeline, batchTime, results) -> {
            for (Result result : results) {
                links.outbox().add(new OutboxMessage(result.id(links.gatewayId()),
                        links.topic(links.upstream().results(), result), ResultMessage.json(result, links.gatewayId()),
                        links.upstream().qos(), false));
            }
        });
    }

    @Override
    public boolean carriesStorageAlerts() {
        return true;
    }
}
