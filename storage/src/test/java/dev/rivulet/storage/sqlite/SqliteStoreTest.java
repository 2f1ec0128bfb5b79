package dev.rivulet.storage.sqlite;

import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreContractTest;
import java.time.Clock;

/** The SQLite store, on a real file in a temporary directory, passes the store contract. */
class SqliteStoreTest extends StoreContractTest {

    @Override
    protected Store open(StoreConfig config, Clock clock) {
        return SqliteStore.open(config, clock);
    }
}
