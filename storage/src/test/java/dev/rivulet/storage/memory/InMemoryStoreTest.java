package dev.rivulet.storage.memory;

import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreContractTest;
import java.time.Clock;

/** The in-memory store passes the store contract. */
class InMemoryStoreTest extends StoreContractTest {

    @Override
    protected Store open(StoreConfig config, Clock clock) {
        return new InMemoryStore(config, clock);
    }
}
