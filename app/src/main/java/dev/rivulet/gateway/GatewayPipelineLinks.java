package dev.rivulet.gateway;

import dev.rivulet.alerts.Alert;
import dev.rivulet.alerts.AlertKind;
import dev.rivulet.alerts.AlertKinds;
import dev.rivulet.alerts.AlertRule;
import dev.rivulet.checkpoint.OutboxBuffer;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.pipeline.PipelineKind;
import dev.rivulet.pipeline.PipelineLinks;
import dev.rivulet.signals.Result;
import dev.rivulet.signals.Signal;
import dev.rivulet.signals.SignalSpec;
import dev.rivulet.signals.SignalTap;
import dev.rivulet.signals.SummaryBody;
import dev.rivulet.status.FleetStatus;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.PairDStream;
import dev.rivulet.streaming.StreamingContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the gateway lends one pipeline, whatever its kind: its signals to the alert rules that watch them, its
 * results to its outputs, its rows to the status page, its summaries to the outbox.
 */
final class GatewayPipelineLinks implements PipelineLinks {

    private final RivuletConfig config;
    private final PipelineKind pipeline;
    private final LiveFleet fleet;
    private final AlertOutputs alerts;
    private final OutboxBuffer outbox;
    private final ResultOutputs results;
    private final Supplier<FleetSummary.Health> health;
    private final Map<String, Signal<?>> published = new LinkedHashMap<>();

    GatewayPipelineLinks(RivuletConfig config, PipelineKind pipeline, LiveFleet fleet, AlertOutputs alerts,
                         OutboxBuffer outbox, ResultOutputs results, Supplier<FleetSummary.Health> health) {
        this.config = config;
        this.pipeline = pipeline;
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
    public void publish(Signal<?> signal) {
        published.put(signal.spec().name(), signal);
    }

    @Override
    public void sendResults(DStream<Result> stream) {
        results.send(pipeline.name(), pipeline.outputs(), stream);
    }

    @Override
    public <V> void show(PairDStream<String, V> values, Function<V, FleetStatus.Bus> row) {
        values.foreachBatch(batch -> fleet.update(pipeline.name(), batch, row));
    }

    @Override
    public void showStops(Duration window, DStream<FleetStatus.Stop> stops) {
        long windowMillis = window.toMillis();
        stops.foreachBatch(batch -> fleet.stops(pipeline.name(), windowMillis, batch));
    }

    @Override
    public Set<String> keysAlertedOn(SignalSpec signal) {
        Set<String> rules = new HashSet<>();
        for (AlertKind rule : config.alerts().values()) {
            if (rule.pipeline().equals(pipeline.name())
                    && signal.name().equals(AlertKinds.wantedSignal(rule, pipeline.signals()))) {
                rules.add(rule.name());
            }
        }
        if (rules.isEmpty()) {
            return Set.of();
        }
        Set<String> keys = new HashSet<>();
        for (Alert alert : fleet.openAlerts()) {
            if (rules.contains(alert.rule())) {
                keys.add(alert.key());
            }
        }
        return keys;
    }

    @Override
    public void showRejected(PairDStream<String, Map<String, Long>> rejected) {
        rejected.foreachBatch(batch -> fleet.rejected(pipeline.name(), batch));
    }

    @Override
    public Optional<Duration> summaryPeriod() {
        return config.upstream().enabled() ? Optional.of(config.upstream().period()) : Optional.empty();
    }

    @Override
    public void sendSummaries(DStream<SummaryBody> summaries) {
        long period = config.upstream().period().toMillis();
        String gateway = config.gatewayId();
        String name = pipeline.name();
        summaries.foreachBatch(batch -> batch.forEach(body -> outbox.add(new OutboxMessage(
                FleetSummary.id(gateway, name, batch.time()), config.upstream().topic().replace("{gateway}", gateway),
                FleetSummary.json(gateway, name, period, batch.time(), body, health), config.upstream().qos(), false))));
    }

    /**
     * Every rule watching one of this pipeline's signals: its changes to its outputs, its open alerts to the status
     * page and pins. Each rule's streams are built in the scope {@code alerts.RULE}, so its state comes back to it
     * whatever rules are added, left out or listed in another order. Runs once the pipeline has opened and published
     * its signals.
     */
    void watchSignals(StreamingContext context) {
        for (AlertKind rule : config.alerts().values()) {
            if (!rule.pipeline().equals(pipeline.name())) {
                continue;
            }
            String name = AlertKinds.wantedSignal(rule, pipeline.signals());
            Signal<?> signal = published.get(name);
            if (signal == null) {
                throw new IllegalStateException("pipeline " + pipeline.name() + " declares the signal " + name
                        + " but did not publish it when it opened: its kind must publish every signal it declares");
            }
            context.scoped("alerts." + rule.name(), () -> {
                AlertRule.Streams streams = watch(rule, signal);
                streams.changes().foreachBatch(batch -> batch.forEach(alert -> alerts.deliver(alert, rule.outputs())));
                streams.open().foreachBatch(batch -> alerts.syncOpen(rule.name(), batch.records(), rule.outputs()));
            });
        }
    }

    /** Hands every value of the tapped signal, if this pipeline publishes it, to the tap's observer. */
    void tap(SignalTap tap) {
        Signal<?> signal = published.get(tap.path().substring(tap.path().indexOf('.') + 1));
        if (signal != null && signal.path().equals(tap.path())) {
            observe(signal, tap.observer());
        }
    }

    private static <V> void observe(Signal<V> signal, SignalTap.Observer observer) {
        signal.values().foreachBatch(batch -> batch.forEach(pair ->
                observer.observe(batch.time(), pair.key(), signal.number().apply(pair.value()))));
    }

    private static <V> AlertRule.Streams watch(AlertKind rule, Signal<V> signal) {
        return AlertRule.streams(rule, signal.values(), signal.number(), signal.detail());
    }
}
