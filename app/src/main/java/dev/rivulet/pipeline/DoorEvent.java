package dev.rivulet.pipeline;

/**
 * One door reading of a bus, as the occupancy ledger sees it.
 *
 * @param time       the reading's event time, to apply a batch's events in order
 * @param in         boardings (0 when rejected)
 * @param out        alightings (0 when rejected)
 * @param tripEnd    whether the reading marks the end of a trip
 * @param crushLoad  the most the bus holds
 * @param rejectedBy the rule a stateless check rejected it by, or null when it passed them
 * @param stop       the stop it was counted at (the pipeline's stop label), or null: for the per-stop window
 */
record DoorEvent(long time, long in, long out, boolean tripEnd, int crushLoad, String rejectedBy, String stop) {
}
