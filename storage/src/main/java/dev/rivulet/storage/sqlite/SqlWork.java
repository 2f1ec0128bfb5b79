package dev.rivulet.storage.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of work on the store's connection, run under the store's lock. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
