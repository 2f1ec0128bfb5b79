package dev.rivulet.streaming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Names the streams an output reads by their lineage, for checkpoints: the scope they were built in
 * ({@link StreamingContext#scoped}), the operator, its parameters and slide, and the parents' lineage, hashed, after
 * the scope and the operator — {@code pipelines.occupancy/updateStateByKey:5c1e0a9b3d2f}, or
 * {@code updateStateByKey:5c1e0a9b3d2f} outside any scope. A stream keeps its name when pipelines are added, removed or listed in
 * another order beside it, and saved state goes back only into a stream computed the same way from the same inputs.
 * Two streams of one lineage in one scope (one operator applied twice to the same parent, with different functions)
 * are told apart by the order they were built in.
 *
 * <p>The pipeline's fingerprint hashes the batch interval and every name: equal fingerprints mean the
 * checkpoint was taken by this very pipeline.
 */
final class StreamIds {

    private final Map<String, DStream<?>> byId;
    private final Map<DStream<?>, String> idOf;
    private final Set<DStream<?>> ambiguous;
    private final Map<DStream<?>, List<DStream<?>>> families;
    private final List<List<DStream<?>>> levels;
    private final Map<DStream<?>, String> lineage;
    private final List<Twins> twinGroups;
    private final String fingerprint;

    /** Streams of one lineage but for their functions, {@code members} in the order of their names' suffixes. */
    private record Twins(String text, List<DStream<?>> members) {
    }

    private StreamIds(Map<String, DStream<?>> byId, Map<DStream<?>, String> idOf, Set<DStream<?>> ambiguous,
                      Map<DStream<?>, List<DStream<?>>> families, List<List<DStream<?>>> levels,
                      Map<DStream<?>, String> lineage, List<Twins> twinGroups, String fingerprint) {
        this.byId = byId;
        this.idOf = idOf;
        this.ambiguous = ambiguous;
        this.families = families;
        this.levels = levels;
        this.lineage = lineage;
        this.twinGroups = twinGroups;
        this.fingerprint = fingerprint;
    }

    /** Names {@code needed} (parents before children), twins in a scope by their place in {@code built}. */
    static StreamIds of(List<DStream<?>> needed, List<DStream<?>> built, long intervalMillis) {
        Map<DStream<?>, Integer> place = new IdentityHashMap<>();
        for (int i = 0; i < built.size(); i++) {
            place.put(built.get(i), i);
        }
        return of(needed, place::get, true, intervalMillis);
    }

    /**
     * Names {@code needed} as versions before scopes did (until 2026-12-08): without the scope, and twins by their
     * place in {@code needed}, so twins of two pipelines took each other's names when the pipelines were listed in
     * another order.
     */
    static StreamIds unscoped(List<DStream<?>> needed, long intervalMillis) {
        Map<DStream<?>, Integer> place = new IdentityHashMap<>();
        for (int i = 0; i < needed.size(); i++) {
            place.put(needed.get(i), i);
        }
        return of(needed, place::get, false, intervalMillis);
    }

    private static StreamIds of(List<DStream<?>> needed, ToIntFunction<DStream<?>> place, boolean scoped,
                                long intervalMillis) {
        // Twins share their parents, so they are at one depth, and a depth's lineages need only shallower ones. The
        // families, twin groups and streams ambiguous across scopes serve only to read names from before the scopes
        // (DStreamGraph.fit), so only the unscoped naming works them out.
        Map<DStream<?>, Integer> depths = new IdentityHashMap<>();
        TreeMap<Integer, List<DStream<?>>> byDepth = new TreeMap<>();
        for (DStream<?> stream : needed) {
            byDepth.computeIfAbsent(depth(stream, depths), d -> new ArrayList<>()).add(stream);
        }
        Map<DStream<?>, String> lineage = new IdentityHashMap<>();
        Map<DStream<?>, String> shapes = new IdentityHashMap<>();
        Map<String, List<DStream<?>>> byShape = new LinkedHashMap<>();
        Set<DStream<?>> ambiguous = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<DStream<?>, String> idOf = new IdentityHashMap<>();
        List<Twins> twinGroups = new ArrayList<>();
        for (List<DStream<?>> level : byDepth.values()) {
            Map<String, List<DStream<?>>> twins = new LinkedHashMap<>();
            for (DStream<?> stream : level) {
                twins.computeIfAbsent(text(stream, lineage, scoped), t -> new ArrayList<>()).add(stream);
                if (!scoped) {
                    String shape = text(stream, shapes, false);
                    shapes.put(stream, shape);
                    byShape.computeIfAbsent(shape, t -> new ArrayList<>()).add(stream);
                }
            }
            twins.forEach((text, group) -> {
                group.sort(Comparator.comparingInt(place));
                Set<String> scopes = new HashSet<>();
                group.forEach(stream -> scopes.add(Objects.toString(stream.scope)));
                for (int i = 0; i < group.size(); i++) {
                    DStream<?> stream = group.get(i);
                    String named = i == 0 ? text : text + "#" + (i + 1);
                    lineage.put(stream, named);
                    idOf.put(stream, id(stream, named, scoped));
                    if (!scoped && (scopes.size() > 1 || stream.dependencies().stream().anyMatch(ambiguous::contains))) {
                        ambiguous.add(stream);
                    }
                }
                if (!scoped) {
                    twinGroups.add(new Twins(text, List.copyOf(group)));
                }
            });
        }
        Map<String, DStream<?>> byId = new LinkedHashMap<>();
        for (DStream<?> stream : needed) {
            byId.put(idOf.get(stream), stream);
        }
        List<String> names = new ArrayList<>(byId.keySet());
        names.sort(null);
        Map<DStream<?>, List<DStream<?>>> families = new IdentityHashMap<>();
        byShape.values().forEach(family -> family.forEach(stream -> families.put(stream, List.copyOf(family))));
        return new StreamIds(byId, idOf, ambiguous, families, List.copyOf(byDepth.values()), lineage, twinGroups,
                hash(intervalMillis + "|" + String.join("|", names), 16));
    }

    /**
     * The streams whose names {@code savedIds} may hold for a twin that has gone since: for each group of twins, the
     * names its first member and that member's descendants would have had as one twin more; when {@code savedIds}
     * holds one of them, the checkpoint was taken beside a twin that is gone, the names after it moved up, and each
     * member of the group and each descendant of one ({@code children}: the graph's) is such a stream. Unscoped names
     * only; computed only for checkpoints of an earlier version: a hash per group and descendant.
     */
    Set<DStream<?>> afterAGoneTwin(Set<String> savedIds, Map<DStream<?>, List<DStream<?>>> children) {
        Set<DStream<?>> moved = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Twins group : twinGroups) {
            if (heldBesideOneMore(group, savedIds)) {
                List<DStream<?>> descendants = new ArrayList<>(group.members());
                while (!descendants.isEmpty()) {
                    DStream<?> stream = descendants.remove(descendants.size() - 1);
                    if (moved.add(stream)) {
                        descendants.addAll(children.get(stream));
                    }
                }
            }
        }
        return moved;
    }

    private boolean heldBesideOneMore(Twins group, Set<String> savedIds) {
        DStream<?> first = group.members().get(0);
        Map<DStream<?>, String> world = new IdentityHashMap<>(lineage);
        Set<DStream<?>> renamed = Collections.newSetFromMap(new IdentityHashMap<>());
        world.put(first, group.text() + "#" + (group.members().size() + 1));
        renamed.add(first);
        if (savedIds.contains(id(first, world.get(first), false))) {
            return true;
        }
        for (List<DStream<?>> level : levels) {
            for (DStream<?> stream : level) {
                if (!renamed.contains(stream) && stream.dependencies().stream().anyMatch(renamed::contains)) {
                    world.put(stream, text(stream, world, false));
                    renamed.add(stream);
                    if (savedIds.contains(id(stream, world.get(stream), false))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A stream's id from its lineage: the scope (scoped naming only), the operator and the lineage's hash. */
    private static String id(DStream<?> stream, String lineage, boolean scoped) {
        String prefix = scoped && stream.scope != null ? stream.scope + "/" : "";
        return prefix + stream.operator() + ":" + hash(lineage, 12);
    }

    private static String text(DStream<?> stream, Map<DStream<?>, String> lineage, boolean scoped) {
        StringBuilder text = new StringBuilder();
        if (scoped && stream.scope != null) {
            text.append('{').append(stream.scope).append('}');
        }
        text.append(stream.operator()).append('@').append(stream.slideMillis());
        String parameters = stream.parameters();
        if (!parameters.isEmpty()) {
            text.append('[').append(parameters).append(']');
        }
        text.append('(');
        for (DStream<?> parent : stream.dependencies()) {
            text.append(lineage.get(parent)).append(',');
        }
        return text.append(')').toString();
    }

    private static int depth(DStream<?> stream, Map<DStream<?>, Integer> depths) {
        Integer known = depths.get(stream);
        if (known != null) {
            return known;
        }
        int depth = 0;
        for (DStream<?> parent : stream.dependencies()) {
            depth = Math.max(depth, depth(parent, depths) + 1);
        }
        depths.put(stream, depth);
        return depth;
    }

    Map<String, DStream<?>> byId() {
        return byId;
    }

    /** The id of {@code stream}, one of the streams named. */
    String idOf(DStream<?> stream) {
        return idOf.get(stream);
    }

    /**
     * Unscoped naming only: whether the name of {@code stream} depends on streams of other scopes: it or one of its ancestors has a twin in
     * another scope, so without scopes, which of the twins got which name depended on how the scopes were listed.
     */
    boolean ambiguous(DStream<?> stream) {
        return ambiguous.contains(stream);
    }

    /**
     * Unscoped naming only: the streams computed as {@code stream} is, but for the functions (itself among them): their lineages differ only
     * in which of their ancestors' twins they come from.
     */
    List<DStream<?>> family(DStream<?> stream) {
        return families.get(stream);
    }

    String fingerprint() {
        return fingerprint;
    }

    private static String hash(String text, int hexDigits) {
        return HexFormat.of().formatHex(Sha256.digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, hexDigits);
    }
}
