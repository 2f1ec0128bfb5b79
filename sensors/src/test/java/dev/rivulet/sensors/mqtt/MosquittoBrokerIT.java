package dev.rivulet.sensors.mqtt;

import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The MQTT contract against Debian's mosquitto, what users run on a Pi. {@code .ci/run} starts one and names it
 * in {@code RIVULET_TEST_MOSQUITTO}; without the variable these tests are skipped.
 */
class MosquittoBrokerIT extends MqttBrokerContract {
    static final String ENV = "RIVULET_TEST_MOSQUITTO";

    @BeforeAll
    static void requireMosquitto() {
        assumeTrue(System.getenv(ENV) != null, ENV + " is not set: start mosquitto (see .ci/run) to run these tests");
    }

    @Override
    String serverUri() {
        return System.getenv(ENV);
    }
}
