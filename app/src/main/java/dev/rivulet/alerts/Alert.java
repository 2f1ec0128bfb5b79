package dev.rivulet.alerts;

/**
 * A change of an alert's state: raised or cleared, for one key, by one rule, at one batch.
 *
 * @param rule      the rule's name
 * @param key       what it is about, e.g. a bus id
 * @param batchTime the batch that crossed the mark
 * @param raised    true when raised, false when cleared
 * @param value     the watched number at that batch (a load factor for capacity alerts)
 * @param detail    a short human description, e.g. {@code 56 of 60 passengers}
 */
public record Alert(String rule, String key, long batchTime, boolean raised, double value, String detail) {

    /** The stable id: the same alert computed again after a restart has the same id. */
    public String id() {
        return rule + "/" + key + "/" + batchTime + "/" + (raised ? "raised" : "cleared");
    }
}
