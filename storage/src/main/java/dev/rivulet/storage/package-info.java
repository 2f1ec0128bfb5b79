/**
 * Rivulet's durable state: the receiver write-ahead log, checkpoints, the outbox and dead letters.
 *
 * <p>The public API is the {@link dev.rivulet.storage.Store} interface and the types it hands out. Two
 * implementations exist: {@link dev.rivulet.storage.sqlite.SqliteStore} (one SQLite file, the real thing) and
 * {@link dev.rivulet.storage.memory.InMemoryStore} (for tests of code above the store). Both pass one shared
 * contract test. Everything is stored as opaque bytes; {@link dev.rivulet.storage.codec} offers explicit
 * binary codecs to produce them. This module never depends on the engine or the sensors.
 */
package dev.rivulet.storage;
