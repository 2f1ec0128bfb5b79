package dev.rivulet.pipeline;

import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The declared pipeline kinds, the keys they share, and how {@code pipelines.NAME} finds its kind by its {@code type}. */
public final class PipelineKinds {

    /** Every pipeline kind, in the order the README lists them; the first is the kind of a pipeline without a type. */
    public static final List<Kind<PipelineKind>> KINDS = List.of(AggregatePipeline.KIND, BusOccupancyPipeline.KIND);

    private static final Pattern CONDITION = Pattern.compile("\\s*([A-Za-z_][\\w.-]*)\\s*(>=|<=|==|!=|>|<)\\s*(-?[\\d.]+)\\s*");

    private PipelineKinds() {
    }

    /** Registers the record codecs of the pipelines' checkpointed state: the bus ledger and the summary rows. */
    public static RecordCodec registerCodecs(RecordCodec codec) {
        return StopCount.registerCodec(LastReading.registerCodec(BusSummary.registerCodec(BusLedger.registerCodec(codec))));
    }

    /** Reads {@code pipelines.NAME}: its {@code type} (aggregate when absent), then the keys of that kind. */
    public static PipelineKind read(String name, ConfigNode node) {
        PipelineKind pipeline = Kind.read(name, node, KINDS, KINDS.get(0));
        node.rejectUnknown();
        return pipeline;
    }

    /** {@code source} (or {@code sources}): one source or a list, required. */
    static List<String> sources(ConfigNode node) {
        List<String> sources = node.strings(PipelineKind.SOURCE.name(), null);
        if (sources == null) {
            sources = node.strings("sources", null);
        }
        if (sources == null || sources.isEmpty()) {
            node.problem(PipelineKind.SOURCE.name(), "is required: name the source (or list the sources) this pipeline reads");
            return List.of();
        }
        return sources;
    }

    /** {@code where}: conditions such as {@code in >= 0}. */
    static List<Condition> where(ConfigNode node) {
        List<Condition> where = new ArrayList<>();
        for (String text : PipelineKind.WHERE.strings(node)) {
            Matcher matcher = CONDITION.matcher(text);
            if (matcher.matches()) {
                where.add(new Condition(matcher.group(1), matcher.group(2), Double.parseDouble(matcher.group(3))));
            } else {
                node.problem(PipelineKind.WHERE.name(), "'" + text + "' is not a condition: write field op number, e.g. in >= 0"
                        + " (op is one of >= <= > < == !=)");
            }
        }
        return where;
    }

    /**
     * Warns about the keys another kind declares, present in a pipeline of {@code type}: before each kind had its
     * own record, every pipeline accepted them (an aggregate's {@code capacity}, a bus-occupancy pipeline's
     * {@code value}), so files written then still load; but they do nothing here, and the warning says so.
     */
    static void ignoreOtherKinds(ConfigNode node, String type, List<Key> keys) {
        for (Key key : keys) {
            if (node.has(key.name())) {
                node.warn(key.name(), "remove it: pipelines of type " + type + " do not use " + key.name() + " (it is ignored)");
            }
        }
    }
}
