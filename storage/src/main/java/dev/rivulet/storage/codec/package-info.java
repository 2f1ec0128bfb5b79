/**
 * Explicit binary codecs for what the engine stores: every byte is specified (big-endian, see
 * {@link dev.rivulet.storage.codec.Codecs}), nothing relies on Java serialization.
 */
package dev.rivulet.storage.codec;
