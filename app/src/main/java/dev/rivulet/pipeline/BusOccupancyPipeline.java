package dev.rivulet.pipeline;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.sensors.Reading;
import dev.rivulet.signals.Measure;
import dev.rivulet.signals.Result;
import dev.rivulet.signals.Signal;
import dev.rivulet.signals.SignalSpec;
import dev.rivulet.status.FleetStatus;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: bus-occupancy} (the flagship): per bus, occupancy = running sum of boardings − alightings, within
 * [0, crush load]; load factor = occupancy / capacity; boardings and alightings per stop over a sliding window,
 * shown on the status page, in {@code /api/status} and in /metrics. The streams are {@link BusOccupancy}'s.
 *
 * @param name       the pipeline's name
 * @param sources    the sources it reads
 * @param where      conditions that must all hold, e.g. {@code in >= 0}
 * @param boardings  the field counting boardings
 * @param alightings the field counting alightings
 * @param stopLabel  the label naming the stop
 * @param capacity   seats per bus; the load is occupancy / seats
 * @param capacities seats per bus id, overriding {@code capacity}
 * @param rules      standing room, plausibility rules, trip end, occupancy levels
 * @param feed       the published percentage's step, when a bus has no data, its trip labels
 * @param window     boardings and alightings per stop over this window
 * @param slide      how often the window is computed
 * @param outputs    output names every bus's load goes to (e.g. [log])
 */
public record BusOccupancyPipeline(String name, List<String> sources, List<Condition> where, String boardings,
                                   String alightings, String stopLabel, int capacity, Map<String, Integer> capacities,
                                   OccupancySettings rules, VehicleFeedSettings feed, Duration window, Duration slide,
                                   List<String> outputs)
        implements PipelineKind {

    private static final Key BOARDINGS = new Key("boardings", Key.Type.STRING, "in", "the field counting boardings");
    private static final Key ALIGHTINGS = new Key("alightings", Key.Type.STRING, "out", "the field counting alightings");
    private static final Key STOP_LABEL = new Key("stop-label", Key.Type.STRING, "stop", "the label naming the stop");
    private static final Key CAPACITY = new Key("capacity", Key.Type.INTEGER, "60", "seats per bus: load = occupancy / seats");
    private static final Key CAPACITIES = new Key("capacities", Key.Type.MAP, "{}", "seats per bus, e.g. {bus-12: 80}");
    private static final Key WINDOW = new Key("window", Key.Type.DURATION, "5m",
            "boardings and alightings per stop over this window (the status page, /api/status, /metrics) ...");
    private static final Key SLIDE = new Key("slide", Key.Type.DURATION, "30s", "... computed this often");

    /** This kind's keys every pipeline accepted before each kind had its own record ({@link PipelineKinds#ignoreOtherKinds}). */
    static final List<Key> SHARED_BEFORE_KINDS = List.of(BOARDINGS, ALIGHTINGS, STOP_LABEL, CAPACITY, CAPACITIES);

    static final Kind<PipelineKind> KIND = new Kind<>("bus-occupancy", concat(List.of(SOURCE, WHERE, BOARDINGS,
            ALIGHTINGS, STOP_LABEL, CAPACITY, CAPACITIES), OccupancySettings.KEYS, VehicleFeedSettings.KEYS,
            List.of(WINDOW, SLIDE, OUTPUTS)),
            BusOccupancyPipeline::read);

    /** Copies the collections. */
    public BusOccupancyPipeline {
        sources = List.copyOf(sources);
        where = List.copyOf(where);
        capacities = Map.copyOf(capacities);
        outputs = List.copyOf(outputs);
    }

    @SafeVarargs
    private static List<Key> concat(List<Key>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private static BusOccupancyPipeline read(String name, ConfigNode node) {
        List<String> sources = PipelineKinds.sources(node);
        List<Condition> where = PipelineKinds.where(node);
        Duration window = WINDOW.duration(node);
        Duration slide = SLIDE.duration(node);
        String boardings = BOARDINGS.string(node);
        String alightings = ALIGHTINGS.string(node);
        String stopLabel = STOP_LABEL.string(node);
        int capacity = CAPACITY.integer(node, 1, 100_000);
        Map<String, Integer> capacities = new LinkedHashMap<>();
        ConfigNode perBus = node.child(CAPACITIES.name());
        node.scalars(CAPACITIES.name()).forEach((bus, raw) -> capacities.put(bus, perBus.integer(bus, capacity, 1, 100_000)));
        List<String> outputs = OUTPUTS.strings(node);
        OccupancySettings rules = OccupancySettings.read(node);
        VehicleFeedSettings feed = VehicleFeedSettings.read(node);
        PipelineKinds.ignoreOtherKinds(node, KIND.type(), AggregatePipeline.SHARED_BEFORE_KINDS);
        return new BusOccupancyPipeline(name, sources, where, boardings, alightings, stopLabel, capacity, capacities, rules,
                feed, window, slide, outputs);
    }

    /**
     * The stop label: the per-stop window holds every stop of its readings until they leave it (a 5-minute window
     * at 1,000 made-up stops a second would be 300,000 of them), so a source's {@code max-keys} limits the stops too.
     */
    @Override
    public List<String> labelsKeyedBy() {
        return List.of(stopLabel);
    }

    /** Its buses and stops, on the status page, {@code /api/status} and /metrics. */
    @Override
    public boolean showsItsValues() {
        return true;
    }

    /** Each bus's load factor, occupancy / seats: what capacity alerts watch. */
    public static final SignalSpec LOAD = new SignalSpec("load", Measure.SHARE, "each bus's occupancy / seats");
    /** The share of each bus's recent door readings rejected: what sensor-fault alerts watch. */
    public static final SignalSpec FAULT_SHARE = new SignalSpec("fault-share", Measure.SHARE,
            "the share of each bus's recent door readings (about the last 8) its rules left out");
    /** Passengers on board. */
    public static final SignalSpec OCCUPANCY = new SignalSpec("occupancy", Measure.NUMBER, "passengers on board each bus");

    @Override
    public List<SignalSpec> signals() {
        return List.of(LOAD, FAULT_SHARE, OCCUPANCY);
    }

    @Override
    public void open(DStream<Reading> readings, PipelineLinks links) {
        BusOccupancy occupancy = new BusOccupancy(this, readings, () -> links.keysAlertedOn(FAULT_SHARE));
        PairDStream<String, BusOccupancy.BusLoad> load = occupancy.load();
        links.show(load, bus -> row(name, bus));
        links.showStops(window, occupancy.stops().stream()
                .map(stop -> new FleetStatus.Stop(stop.key(), stop.value().boardings(), stop.value().alightings())));
        links.sendResults(asResults(load));
        links.publish(new Signal<>(name, LOAD, load, BusOccupancy.BusLoad::load,
                bus -> bus.occupancy() + " of " + bus.capacity() + " passengers"));
        links.publish(new Signal<>(name, FAULT_SHARE, load, BusOccupancy.BusLoad::faultShare,
                BusOccupancyPipeline::faultDetail));
        links.publish(new Signal<>(name, OCCUPANCY, load, bus -> (double) bus.occupancy(),
                bus -> bus.occupancy() + " passengers"));
        links.summaryPeriod().ifPresent(period -> links.sendSummaries(BusSummary.perPeriod(occupancy, period)));
    }

    /** What the depot should look at when the door counters misreport. */
    static String faultDetail(BusOccupancy.BusLoad bus) {
        return Math.round(bus.faultShare() * 100) + "% of recent door readings rejected (" + bus.rejectedTotal()
                + " in all: " + bus.rejected() + "); check the door counters";
    }

    /** A bus as the status page, {@code rivulet status}, /metrics and the GTFS-Realtime feed show it. */
    static FleetStatus.Bus row(String pipeline, BusOccupancy.BusLoad bus) {
        LastReading last = bus.lastReading();
        FleetStatus.Trip trip = last == null || !last.hasTrip() ? null
                : new FleetStatus.Trip(last.tripId(), last.routeId(), last.directionId(), last.startDate());
        return new FleetStatus.Bus("", bus.occupancy(), bus.capacity(), bus.load(), List.of(), pipeline, bus.standing(),
                bus.level().name(), bus.percentage(), bus.rejected(), bus.corrections(), bus.correctedPassengers(),
                last == null ? -1 : last.batchTime(), trip);
    }

    /**
     * Each bus's load as the outputs take it: {@code {"bus":..,"occupancy":..,"capacity":..,"load":..}}, logged as
     * {@code bus-12=41}.
     */
    DStream<Result> asResults(PairDStream<String, BusOccupancy.BusLoad> load) {
        String pipeline = name;
        return load.stream().transform(batch -> batch.records().stream().map(bus -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("bus", bus.key());
            fields.put("occupancy", bus.value().occupancy());
            fields.put("capacity", bus.value().capacity());
            fields.put("load", Math.round(bus.value().load() * 1000) / 1000.0);
            return new Result(pipeline, bus.key(), batch.time(), fields, bus.key() + "=" + bus.value().occupancy());
        }).toList());
    }

    /** Capacity of one bus: its seats. */
    public int capacityOf(String bus) {
        // Not getOrDefault: boxing the default would make an Integer for every reading of a bus not listed.
        Integer seats = capacities.get(bus);
        return seats == null ? capacity : seats;
    }

    /**
     * The step of the published occupancy percentage: {@code occupancy-percentage-step}, else the smallest that hides
     * one passenger on the smallest bus configured ({@link VehicleFeedSettings#defaultStep}).
     */
    public int percentageStep() {
        if (feed.percentageStep() > 0) {
            return feed.percentageStep();
        }
        int smallest = crushLoadOf("");
        for (String bus : capacities.keySet()) {
            smallest = Math.min(smallest, crushLoadOf(bus));
        }
        for (String bus : rules.standingCapacities().keySet()) {
            smallest = Math.min(smallest, crushLoadOf(bus));
        }
        return VehicleFeedSettings.defaultStep(smallest);
    }

    /** The most one bus can hold: its seats and its standing room. */
    public int crushLoadOf(String bus) {
        int seats = capacityOf(bus);
        return seats + rules.standingOf(bus, seats);
    }
}
