package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void maskHidesValueAndLength() {
        assertEquals(Secrets.MASK, Secrets.mask("a"));
        assertEquals(Secrets.MASK, Secrets.mask("a much longer password"));
        assertEquals("(none)", Secrets.mask(""));
        assertEquals("(none)", Secrets.mask(null));
    }

    @Test
    void secretNames() {
        for (String name : new String[] {"upstream.password", "mqtt.Passwd", "tls.private-key", "api_key",
                "upstream.token", "client-secret", "credentials"}) {
            assertTrue(Secrets.isSecretName(name), name);
        }
        for (String name : new String[] {"pipelines.occupancy.key", "upstream.username", "status.port", null}) {
            assertFalse(Secrets.isSecretName(name), String.valueOf(name));
        }
    }

    @Test
    void loggableMasksBySettingNameAndUriPassword() {
        assertEquals(Secrets.MASK, Secrets.loggable("upstream.password", "hunter2"));
        assertEquals("ssl://gw-7:" + Secrets.MASK + "@broker.example:8883",
                Secrets.loggable("upstream.url", "ssl://gw-7:hunter2@broker.example:8883"));
        assertEquals("tcp://127.0.0.1:1883", Secrets.loggable("mqtt.url", "tcp://127.0.0.1:1883"));
        assertEquals("bus", Secrets.loggable("pipelines.occupancy.key", "bus"));
    }
}
