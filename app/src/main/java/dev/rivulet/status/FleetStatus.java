package dev.rivulet.status;

import java.util.List;

/**
 * The fleet now: every bus's load with its recent history, and the alerts not yet cleared.
 *
 * @param batchTime           the last batch shown (epoch milliseconds), or -1 before the first
 * @param batchIntervalMillis the time between two history points
 * @param buses               every bus, in the order to show them
 * @param openAlerts          alerts raised and not cleared, oldest first
 */
public record FleetStatus(long batchTime, long batchIntervalMillis, List<Bus> buses, List<OpenAlert> openAlerts) {

    /** Copies the lists. */
    public FleetStatus {
        buses = List.copyOf(buses);
        openAlerts = List.copyOf(openAlerts);
    }

    /** No bus, no alert: before the first batch. */
    public static FleetStatus empty(long batchIntervalMillis) {
        return new FleetStatus(-1, batchIntervalMillis, List.of(), List.of());
    }

    /**
     * One bus.
     *
     * @param id        the bus id
     * @param occupancy passengers on board now
     * @param capacity  passengers it may carry
     * @param load      occupancy / capacity (1.0 is full)
     * @param history   occupancy at the last batches, oldest first, one per batch interval, ending at
     *                  {@link FleetStatus#batchTime()}
     */
    public record Bus(String id, long occupancy, int capacity, double load, List<Long> history) {

        /** Copies the history. */
        public Bus {
            history = List.copyOf(history);
        }
    }

    /**
     * An alert raised and not yet cleared.
     *
     * @param rule   the alert rule's name
     * @param bus    the bus (the alert's key)
     * @param since  the batch time it was raised at, epoch milliseconds
     * @param value  the watched number when raised (a load factor for capacity alerts)
     * @param detail a short description, e.g. "56 of 60 passengers"
     */
    public record OpenAlert(String rule, String bus, long since, double value, String detail) {
    }
}
