package dev.rivulet.streaming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the streams an output reads by their lineage, for checkpoints: the operator, its parameters and slide,
 * and the parents' lineage, hashed — {@code updateStateByKey:5c1e0a9b3d2f}. A stream keeps its name when
 * pipelines are added or removed beside it, and saved state goes back only into a stream computed the same way
 * from the same inputs. Two streams of one lineage (one operator applied twice to the same parent, with
 * different functions) are told apart by their order among such twins.
 *
 * <p>The pipeline's fingerprint hashes the batch interval and every name: equal fingerprints mean the
 * checkpoint was taken by this very pipeline.
 */
final class StreamIds {

    private final Map<String, DStream<?>> byId;
    private final String fingerprint;

    private StreamIds(Map<String, DStream<?>> byId, String fingerprint) {
        this.byId = byId;
        this.fingerprint = fingerprint;
    }

    /** Names {@code streams}, given parents before children. */
    static StreamIds of(List<DStream<?>> streams, long intervalMillis) {
        Map<DStream<?>, String> lineage = new IdentityHashMap<>();
        Map<String, Integer> twins = new HashMap<>();
        Map<String, DStream<?>> byId = new LinkedHashMap<>();
        for (DStream<?> stream : streams) {
            StringBuilder text = new StringBuilder(stream.operator()).append('@').append(stream.slideMillis());
            String parameters = stream.parameters();
            if (!parameters.isEmpty()) {
                text.append('[').append(parameters).append(']');
            }
            text.append('(');
            for (DStream<?> parent : stream.dependencies()) {
                text.append(lineage.get(parent)).append(',');
            }
            text.append(')');
            int twin = twins.merge(text.toString(), 1, Integer::sum);
            if (twin > 1) {
                text.append('#').append(twin);
            }
            lineage.put(stream, text.toString());
            byId.put(stream.operator() + ":" + hash(text.toString(), 12), stream);
        }
        List<String> names = new ArrayList<>(byId.keySet());
        names.sort(null);
        return new StreamIds(byId, hash(intervalMillis + "|" + String.join("|", names), 16));
    }

    Map<String, DStream<?>> byId() {
        return byId;
    }

    String fingerprint() {
        return fingerprint;
    }

    private static String hash(String text, int hexDigits) {
        return HexFormat.of().formatHex(Sha256.digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, hexDigits);
    }
}
