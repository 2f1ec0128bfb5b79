/**
 * The engine's operators, one class each. Internal, not API: streams are built through
 * {@link dev.rivulet.streaming.DStream} and {@link dev.rivulet.streaming.PairDStream}, and no public signature of
 * the engine names a class of this package; these classes are public only because the engine's package builds
 * them, and may change between releases. Code outside {@code dev.rivulet.streaming} does not import them.
 */
package dev.rivulet.streaming.internal;
