package dev.rivulet.streaming;

import java.util.Optional;

/**
 * One key's state, as a {@link StateSpec} mapping function sees it: Spark's {@code State}.
 */
public interface State<S> {

    /** Whether the key has state. */
    boolean exists();

    /**
     * The state.
     *
     * @throws java.util.NoSuchElementException if it does not exist
     */
    S get();

    /** The state, or empty. */
    default Optional<S> getOption() {
        return exists() ? Optional.of(get()) : Optional.empty();
    }

    /**
     * Replaces the state.
     *
     * @throws IllegalArgumentException if the key is timing out, or was removed in this call (Spark's
     *     {@code require})
     */
    void update(S newState);

    /**
     * Removes the key's state.
     *
     * @throws IllegalArgumentException if the key is timing out (it is removed anyway), or was removed already
     */
    void remove();

    /**
     * Whether this call is the last one for a key that saw no data for the timeout: the value is empty, the
     * state is readable but can be neither updated nor removed, and what the function returns is emitted as for
     * any other call.
     */
    boolean isTimingOut();
}
