/**
 * The engine's operators, one small class each. Internal, not API: streams are built through
 * {@link dev.rivulet.streaming.DStream} and {@link dev.rivulet.streaming.PairDStream}, which reach these classes
 * only through the {@link dev.rivulet.streaming.Operators} service that {@link EngineOperators} implements. The
 * arrow runs one way: this package imports the engine's API (the stream bases, {@code Batch}, {@code Pair}), and
 * the API imports nothing of it. Every class here but {@code EngineOperators} is package-private.
 */
package dev.rivulet.streaming.internal;
