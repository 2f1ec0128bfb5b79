package dev.rivulet.storage;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The engine state needed to resume, as opaque named blobs (for instance one per stateful operator, so a big
 * state need not be one giant array), together with what it covers.
 *
 * @param batchTime   the last batch whose effects the state includes
 * @param logSequence the last {@link ReceiverLog} sequence number the state includes; recovery replays the
 *                    records after it
 * @param blobs       the state, by name; names are unique, sorted; the bytes are the engine's own encoding
 */
public record Checkpoint(long batchTime, long logSequence, SortedMap<String, byte[]> blobs) {

    /** Checks the arguments and freezes the blob map. */
    public Checkpoint {
        if (logSequence < 0) {
            throw new IllegalArgumentException("logSequence must be 0 or more, was " + logSequence);
        }
        Objects.requireNonNull(blobs, "blobs");
        blobs.forEach((name, bytes) -> {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a checkpoint blob needs a non-empty name");
            }
            Objects.requireNonNull(bytes, () -> "bytes of blob '" + name + "'");
        });
        blobs = Collections.unmodifiableSortedMap(new TreeMap<>(blobs));
    }

    /** A checkpoint from any map of blobs. */
    public static Checkpoint of(long batchTime, long logSequence, Map<String, byte[]> blobs) {
        return new Checkpoint(batchTime, logSequence, new TreeMap<>(blobs));
    }

    /** Total bytes of all blobs. */
    public long totalBytes() {
        return blobs.values().stream().mapToLong(bytes -> bytes.length).sum();
    }
}
