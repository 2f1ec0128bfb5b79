/**
 * Explicit binary codecs for what the engine stores: every byte is specified (big-endian, {@link java.io.DataOutput}'s
 * order), nothing relies on Java serialization. The engine's records are written by the app's {@code RecordCodec};
 * the composable codecs the storage tests and benchmarks use live with those tests.
 */
package dev.rivulet.storage.codec;
