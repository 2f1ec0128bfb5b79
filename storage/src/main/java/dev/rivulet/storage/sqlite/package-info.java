/**
 * The SQLite store: one database file in WAL mode, one connection guarded by one lock. The on-disk layout is
 * documented in {@code storage/README.md}.
 */
package dev.rivulet.storage.sqlite;
