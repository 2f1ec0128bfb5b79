package dev.rivulet.gateway;

import dev.rivulet.alerts.Alert;
import dev.rivulet.archive.InputArchive;
import dev.rivulet.ingest.KeyLimit;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.mqtt.MqttSource;
import dev.rivulet.status.FleetStatus;
import dev.rivulet.status.Health;
import dev.rivulet.status.StatusMetrics;
import dev.rivulet.status.StatusSource;
import dev.rivulet.storage.StoreCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A running gateway as the status endpoint sees it. */
final class GatewayStatus implements StatusSource {

    private final Gateway gateway;

    GatewayStatus(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public Health health() {
        return gateway.health();
    }

    @Override
    public StatusMetrics metrics() {
        GatewayMetrics m = gateway.metrics();
        StoreCounters counters = gateway.store().counters();
        long dropped = gateway.droppedReadings() + counters.get(StoreCounters.Counter.OUTBOX_DROPPED);
        long deadLetters = 0;
        Map<String, Long> oversized = new LinkedHashMap<>();
        for (Source source : gateway.sources()) {
            deadLetters += source.counters().deadLettered();
            if (source instanceof MqttSource) {
                oversized.put(source.name(), source.counters().oversized());
            }
        }
        Map<String, StatusMetrics.SourceKeys> sourceKeys = new TreeMap<>();
        for (KeyLimit keys : gateway.keyLimits().values()) {
            if (keys.limit() > 0) {
                sourceKeys.put(keys.source(), new StatusMetrics.SourceKeys(keys.admitted(), keys.limit(), keys.refused(),
                        keys.labelValues()));
                deadLetters += keys.refused();
            }
        }
        long lastCheckpoint = gateway.checkpointer().lastCheckpointBatchTime();
        long checkpointAge = lastCheckpoint < 0 ? -1 : Math.max(0, gateway.clock().wallTimeMillis() - lastCheckpoint);
        InputArchive archive = gateway.archive();
        long bytesWritten = counters.get(StoreCounters.Counter.LOG_BYTES_APPENDED)
                + counters.get(StoreCounters.Counter.CHECKPOINT_BYTES_WRITTEN);
        return new StatusMetrics(m.batches(), m.records(), m.lastSchedulingDelayMillis(), m.lastProcessingMillis(),
                m.schedulingDelayMillisTotal(), m.processingMillisTotal(), dropped, deadLetters,
                gateway.store().outbox().depth(), checkpointAge, bytesWritten,
                counters.get(StoreCounters.Counter.CORRUPT_FILES_MOVED_ASIDE),
                counters.get(StoreCounters.Counter.STATE_LOST), gateway.journal().redeliveriesSkipped(), oversized,
                gateway.publishFailures().counts(), archive == null ? -1 : archive.bytes(),
                archive == null ? 0 : archive.writeFailures(), sourceKeys, gateway.deadLettersWaiting());
    }

    @Override
    public FleetStatus fleet() {
        LiveFleet fleet = gateway.fleet();
        List<FleetStatus.Bus> buses = fleet.buses();
        List<FleetStatus.OpenAlert> alerts = new ArrayList<>();
        for (Alert alert : fleet.openAlerts()) {
            alerts.add(new FleetStatus.OpenAlert(alert.rule(), alert.key(), alert.batchTime(), alert.value(), alert.detail()));
        }
        return new FleetStatus(Math.max(0, fleet.batchTime()), gateway.config().batchInterval().toMillis(), buses, alerts,
                fleet.aggregateRejected(), fleet.stops());
    }
}
