package dev.rivulet.outputs;

import java.util.function.Function;

/**
 * What an output kind does with a pipeline's results, which every kind must say ({@link OutputKind#results()}):
 * it takes them, or it refuses them with the reason {@code check-config} gives. Nothing is dropped unsaid.
 */
public sealed interface ResultRoute {

    /** The kind takes results: {@code opener} opens the running output with what the gateway lends. */
    record Takes(Function<OutputLinks, ResultOutput> opener) implements ResultRoute {
    }

    /** The kind takes no results; {@code reason} says why and what to use instead. */
    record Refuses(String reason) implements ResultRoute {
    }
}
