package dev.rivulet.outputs;

import dev.rivulet.alerts.Alert;

/** A running output, opened from its {@link OutputKind}. */
public interface AlertOutput {

    /** Hands one change of an alert on; {@code json} is its message. A failure throws: the caller logs it. */
    void deliver(Alert alert, byte[] json);

    /**
     * Shows whether {@code rule} has open alerts, after a restart brought the rule's state back from the
     * checkpoint. Only outputs that show a state (a pin) do anything; messages went out when the alerts changed.
     */
    default void showOpen(String rule) {
    }
}
