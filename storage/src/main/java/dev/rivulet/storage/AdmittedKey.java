package dev.rivulet.storage;

import java.util.Objects;

/**
 * A key a source's readings were admitted under while the source has a limit of keys: kept with the
 * {@link ReceiverLog}, written in the transaction of the block that first logged a reading of the key, so that
 * after a restart the source counts the keys its pipelines' state already holds.
 *
 * @param source the source the readings came from
 * @param key    the readings' key (a bus id)
 */
public record AdmittedKey(String source, String key) {

    /** Checks that both are named. */
    public AdmittedKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
    }
}
