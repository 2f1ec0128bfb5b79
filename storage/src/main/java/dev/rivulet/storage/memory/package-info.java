/**
 * A store kept in memory, with the same contract as the SQLite store but nothing durable: for tests of the code
 * above the store, and for running without a state directory.
 */
package dev.rivulet.storage.memory;
