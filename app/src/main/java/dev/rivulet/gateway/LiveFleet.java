package dev.rivulet.gateway;

import dev.rivulet.alerts.Alert;
import dev.rivulet.pipeline.Saturating;
import dev.rivulet.status.FleetStatus;
import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.Pair;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the fleet looks like now, for people: the latest row of every key of every pipeline, as its kind shows it
 * ({@link dev.rivulet.pipeline.PipelineLinks#show}), with a short history, and the open alerts. Written on the
 * engine's thread after each batch, read by the demo's table and the status page.
 */
public final class LiveFleet {

    /** A bus as one pipeline counts it: two pipelines may count buses with the same ids, and never mix. */
    private record Slot(String pipeline, String bus) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot other) {
            int byPipeline = pipeline.compareTo(other.pipeline);
            return byPipeline != 0 ? byPipeline : bus.compareTo(other.bus);
        }
    }

    /** Stops by boardings and alightings together, most first, then by id. */
    private static final Comparator<FleetStatus.Stop> BUSIEST_FIRST = (a, b) -> {
        int byCount = Long.compare(Saturating.add(b.boardings(), b.alightings()), Saturating.add(a.boardings(), a.alightings()));
        return byCount != 0 ? byCount : a.id().compareTo(b.id());
    };

    private final int historyLength;
    private final Map<Slot, Deque<Long>> history = new TreeMap<>();
    private final Map<Slot, FleetStatus.Bus> latest = new TreeMap<>();
    private final Map<String, Alert> openAlerts = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> aggregateRejected = new TreeMap<>();
    private final Map<String, FleetStatus.StopWindow> stops = new TreeMap<>();
    private long batchTime = -1;

    /** Keeps {@code historyLength} batches of occupancy per bus. */
    public LiveFleet(int historyLength) {
        this.historyLength = historyLength;
    }

    /** The rows of one pipeline after a batch, each made by its kind from what it computed. */
    synchronized <V> void update(String pipeline, Batch<Pair<String, V>> batch, Function<V, FleetStatus.Bus> row) {
        batchTime = batch.time();
        for (Pair<String, V> bus : batch) {
            Slot slot = new Slot(pipeline, bus.key());
            FleetStatus.Bus shown = row.apply(bus.value());
            latest.put(slot, shown);
            Deque<Long> past = history.computeIfAbsent(slot, k -> new ArrayDeque<>(historyLength + 1));
            past.addLast(shown.occupancy());
            if (past.size() > historyLength) {
                past.removeFirst();
            }
        }
    }

    /** The readings an aggregate pipeline's {@code where} left out, per key and rule: summed per rule. */
    synchronized void rejected(String pipeline, Batch<Pair<String, Map<String, Long>>> batch) {
        Map<String, Long> totals = new TreeMap<>();
        for (Pair<String, Map<String, Long>> key : batch) {
            key.value().forEach((rule, count) -> totals.merge(rule, count, Long::sum));
        }
        aggregateRejected.put(pipeline, totals);
    }

    /**
     * A pipeline's stops at a slide of its window, replacing those of the slide before: the busiest
     * {@link FleetStatus.StopWindow#SHOWN}, busiest first.
     */
    void stops(String pipeline, long windowMillis, Batch<FleetStatus.Stop> batch) {
        List<FleetStatus.Stop> busiest = new ArrayList<>(batch.records());
        busiest.sort(BUSIEST_FIRST);
        int shown = Math.min(busiest.size(), FleetStatus.StopWindow.SHOWN);
        FleetStatus.StopWindow window = new FleetStatus.StopWindow(windowMillis, batch.time(), busiest.subList(0, shown),
                busiest.size() - shown);
        synchronized (this) {
            stops.put(pipeline, window);
        }
    }

    /** Per bus-occupancy pipeline, its stops at the last slide. */
    public synchronized Map<String, FleetStatus.StopWindow> stops() {
        return Map.copyOf(stops);
    }

    /** Per aggregate pipeline and rule, the readings left out. */
    public synchronized Map<String, Map<String, Long>> aggregateRejected() {
        return Map.copyOf(aggregateRejected);
    }

    synchronized void alert(Alert alert) {
        String slot = alert.rule() + "/" + alert.key();
        if (alert.raised()) {
            openAlerts.put(slot, alert);
        } else {
            openAlerts.remove(slot);
        }
    }

    /**
     * Makes the open alerts of {@code rule} exactly {@code open}, keeping those already shown as they are (with
     * the time they were raised); true when anything changed.
     */
    synchronized boolean syncOpen(String rule, List<Alert> open) {
        java.util.Set<String> slots = new java.util.HashSet<>();
        boolean changed = false;
        for (Alert alert : open) {
            String slot = rule + "/" + alert.key();
            slots.add(slot);
            if (!openAlerts.containsKey(slot)) {
                openAlerts.put(slot, alert);
                changed = true;
            }
        }
        changed |= openAlerts.entrySet().removeIf(entry -> entry.getValue().rule().equals(rule) && !slots.contains(entry.getKey()));
        return changed;
    }

    /** Every bus, by pipeline and id: a bus counted by two pipelines is two entries. */
    public synchronized List<FleetStatus.Bus> buses() {
        List<FleetStatus.Bus> buses = new ArrayList<>(latest.size());
        latest.forEach((slot, row) -> buses.add(new FleetStatus.Bus(slot.bus(), row.occupancy(), row.capacity(),
                row.load(), List.copyOf(history.get(slot)), slot.pipeline(), row.standing(), row.level(),
                row.percentage(), row.rejected(), row.corrections(), row.correctedPassengers(), row.lastReading(),
                row.trip())));
        return buses;
    }

    /** The alerts raised and not yet cleared, oldest first. */
    public synchronized List<Alert> openAlerts() {
        return List.copyOf(openAlerts.values());
    }

    /** The last batch shown, or -1. */
    public synchronized long batchTime() {
        return batchTime;
    }
}
