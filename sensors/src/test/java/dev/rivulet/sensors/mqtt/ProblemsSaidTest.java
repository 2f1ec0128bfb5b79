package dev.rivulet.sensors.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProblemsSaidTest {

    /** A TLS refusal seen as a reset on every other retry: each said once, until the client connects again. */
    @Test
    void eachProblemIsSaidOnceUntilTheClientConnectsAgain() {
        ProblemsSaid said = new ProblemsSaid();
        assertTrue(said.first("client certificate refused"));
        assertTrue(said.first("the connection failed"));
        assertFalse(said.first("client certificate refused"), "alternating with another failure, not said again");
        assertFalse(said.first("the connection failed"));
        said.connected();
        assertTrue(said.first("client certificate refused"), "a new outage is said");
    }
}
