package dev.rivulet.gateway;

import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.outputs.OutputKinds;
import dev.rivulet.outputs.OutputKind;
import dev.rivulet.outputs.OutputLinks;
import dev.rivulet.outputs.ResultOutput;
import dev.rivulet.outputs.ResultRoute;
import dev.rivulet.signals.Result;
import dev.rivulet.streaming.DStream;
import java.util.List;

/**
 * A pipeline's results to the outputs it names, whatever their kind: each kind says what taking results means
 * ({@link OutputKind#results()}). {@code check-config} refuses a pipeline naming an output that takes none, so
 * no output is ever handed results it would drop.
 */
final class ResultOutputs {

    private final RivuletConfig config;
    private final OutputLinks links;

    ResultOutputs(RivuletConfig config, OutputLinks links) {
        this.config = config;
        this.links = links;
    }

    /** Every batch of {@code results} to each of {@code outputs}; {@code log} when it is not declared. */
    void send(String pipeline, List<String> outputs, DStream<Result> results) {
        for (String name : outputs) {
            ResultOutput output = open(pipeline, name);
            results.foreachBatch(batch -> output.publish(pipeline, batch.time(), batch.records()));
        }
    }

    private ResultOutput open(String pipeline, String name) {
        OutputKind kind = OutputKinds.declaredOrLog(config.outputs(), name);
        ResultRoute route = kind.results();
        if (route instanceof ResultRoute.Refuses refused) {
            throw new IllegalStateException("pipeline " + pipeline + " sends its results to " + name + ", which takes"
                    + " none (" + refused.reason() + "): the configuration check should have refused it");
        }
        return ((ResultRoute.Takes) route).opener().apply(links);
    }
}
