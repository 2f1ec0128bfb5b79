package dev.rivulet.gateway;

import dev.rivulet.alerts.AlertKind;
import dev.rivulet.alerts.AlertRule;
import dev.rivulet.checkpoint.OutboxBuffer;
import dev.rivulet.config.RivuletConfig;
import dev.rivulet.pipeline.AggregatePipeline;
import dev.rivulet.pipeline.BusOccupancy;
import dev.rivulet.pipeline.PipelineLinks;
import dev.rivulet.pipeline.Result;
import dev.rivulet.streaming.DStream;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** What the gateway lends its pipelines: the status page's fleet, the outputs, the alert rules and the outbox. */
final class GatewayPipelineLinks implements PipelineLinks {

    private final RivuletConfig config;
    private final LiveFleet fleet;
    private final AlertOutputs alerts;
    private final OutboxBuffer outbox;
    private final ResultOutputs results;
    private final Supplier<FleetSummary.Health> health;

    GatewayPipelineLinks(RivuletConfig config, LiveFleet fleet, AlertOutputs alerts, OutboxBuffer outbox,
                         ResultOutputs results, Supplier<FleetSummary.Health> health) {
        this.config = config;
        this.fleet = fleet;
        this.alerts = alerts;
        this.outbox = outbox;
        this.results = results;
        this.health = health;
    }

    @Override
    public Duration batchInterval() {
        return config.batchInterval();
    }

    @Override
    public void showRejected(String pipeline, PairDStream<String, Map<String, Long>> rejected) {
        rejected.foreachBatch(batch -> fleet.rejected(pipeline, batch));
    }

    @Override
    public void sendResults(String pipeline, List<String> outputs, DStream<Result> results) {
        this.results.send(pipeline, outputs, results);
    }

    @Override
    public void showBuses(String pipeline, PairDStream<String, BusOccupancy.BusLoad> load) {
        load.foreachBatch(batch -> fleet.update(pipeline, batch));
    }

    @Override
    public void watch(BusOccupancy occupancy) {
        watch(occupancy.settings().name(), rule -> rule.watch(occupancy));
    }

    @Override
    public void watch(AggregatePipeline aggregate, PairDStream<String, Double> results) {
        watch(aggregate.name(), rule -> rule.watch(aggregate, results));
    }

    /** Every rule on {@code pipeline}: its changes to its outputs, its open alerts to the status page and pins. */
    private void watch(String pipeline, Function<AlertKind, AlertRule.Streams> streams) {
        for (AlertKind rule : config.alerts().values()) {
            if (rule.pipeline().equals(pipeline)) {
                AlertRule.Streams rules = streams.apply(rule);
                rules.changes().foreachBatch(batch -> batch.forEach(alert -> alerts.deliver(alert, rule.outputs())));
                rules.open().foreachBatch(batch -> alerts.syncOpen(rule.name(), batch.records(), rule.outputs()));
            }
        }
    }

    @Override
    public void summarise(BusOccupancy occupancy) {
        if (!config.upstream().enabled()) {
            return;
        }
        long period = config.upstream().period().toMillis();
        String gateway = config.gatewayId();
        String pipeline = occupancy.settings().name();
        FleetSummary.perBus(occupancy, config.upstream().period()).foreachBatch(batch -> outbox.add(new OutboxMessage(
                FleetSummary.id(gateway, pipeline, batch.time()), config.upstream().topic().replace("{gateway}", gateway),
                FleetSummary.json(gateway, pipeline, period, batch, health), config.upstream().qos(), false)));
    }
}
