package dev.rivulet.signals;

/** What a signal's numbers are, so that an alert kind can say whether watching it makes sense. */
public enum Measure {

    /** A share: a load factor, a fraction of rejected readings; 1.0 is 100 %. */
    SHARE("a share (1.0 is 100%)"),
    /** A plain number: a count, a sum, a temperature. */
    NUMBER("a plain number");

    private final String meaning;

    Measure(String meaning) {
        this.meaning = meaning;
    }

    /** In words, for a configuration problem. */
    public String meaning() {
        return meaning;
    }
}
