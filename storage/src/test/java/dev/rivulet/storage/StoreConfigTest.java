package dev.rivulet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Defaults and the validation messages, which must name the key, the bad value and the fix. */
class StoreConfigTest {

    private static final Path DIR = Path.of("/var/lib/rivulet");

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        StoreConfig config = StoreConfig.defaults(DIR);
        assertEquals(DIR.resolve("rivulet.db"), config.databaseFile());
        assertEquals(SyncMode.FULL, config.synchronous());
        assertEquals(3, config.checkpointsRetained());
        assertEquals(100_000, config.outboxMaxMessages(), "the gateway's storage.outbox-max-messages default");
        assertEquals(1024, config.deadLetterMaxRawBytes());
        assertEquals(config, config.toBuilder().build(), "toBuilder keeps every setting");
    }

    @Test
    void badValuesAreRefusedWithTheKeyTheValueAndTheFix() {
        assertMessage("storage.checkpoints-retained = 0 is invalid: use a whole number of at least 1",
                StoreConfig.builder(DIR).checkpointsRetained(0));
        assertMessage("StoreConfig.pageSize = 1000 is invalid: use a power of two from 512 to 65536, such as 4096",
                StoreConfig.builder(DIR).pageSize(1000));
        assertMessage("StoreConfig.logMaxAge = PT0S is invalid: use a positive duration such as 5s",
                StoreConfig.builder(DIR).logMaxAge(Duration.ZERO));
        assertMessage("StoreConfig.fileName = a/b.db is invalid: use a plain file name such as rivulet.db",
                StoreConfig.builder(DIR).fileName("a/b.db"));
    }

    private static void assertMessage(String expected, StoreConfig.Builder builder) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }
}
