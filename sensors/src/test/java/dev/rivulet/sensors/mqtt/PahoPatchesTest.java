package dev.rivulet.sensors.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.MissingResourceException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two Paho classes rivulet.jar replaces (sensors/README.md, "Paho, patched"), for MQTT 5 and 3.1.1: packets
 * parse as before now that the counting stream reads in bulk, and the logger factory still gives every caller a
 * logger of its own, of the class {@code setLogger} names.
 */
class PahoPatchesTest {

    private static final byte[] PAYLOAD = "{\"bus\":\"bus-017\",\"door\":\"front\",\"in\":3,\"out\":1}"
            .getBytes(StandardCharsets.UTF_8);

    @AfterEach
    void defaultLoggers() {
        org.eclipse.paho.mqttv5.client.logging.LoggerFactory.setLogger(null);
        org.eclipse.paho.client.mqttv3.logging.LoggerFactory.setLogger(null);
    }

    @Test
    void theCopiesOnTheClasspathAreThePatchedOnes() {
        assertDoesNotThrow(() -> org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream.class
                .getDeclaredMethod("read", byte[].class, int.class, int.class), "Paho's own MQTT 5 class came first");
        assertDoesNotThrow(() -> org.eclipse.paho.client.mqttv3.internal.wire.CountingInputStream.class
                .getDeclaredMethod("read", byte[].class, int.class, int.class), "Paho's own 3.1.1 class came first");
    }

    @Test
    void countingCountsWhatEachReadReturns() throws IOException {
        var v5 = new org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream(new ByteArrayInputStream(new byte[10]));
        assertEquals(4, v5.read(new byte[4], 0, 4));
        assertEquals(0, v5.read());
        assertEquals(5, v5.read(new byte[8], 2, 6));
        assertEquals(-1, v5.read(new byte[8], 0, 8));
        assertEquals(-1, v5.read());
        assertEquals(10, v5.getCounter());
        v5.resetCounter();
        assertEquals(0, v5.getCounter());

        var v3 = new org.eclipse.paho.client.mqttv3.internal.wire.CountingInputStream(new ByteArrayInputStream(new byte[10]));
        new DataInputStream(v3).readFully(new byte[7]);
        assertEquals(0, v3.read());
        assertEquals(2, v3.read(new byte[4], 0, 4));
        assertEquals(-1, v3.read(new byte[4], 0, 4));
        assertEquals(10, v3.getCounter());
    }

    @Test
    void anMqtt5PublishParsesAsItWasWritten() throws Exception {
        var properties = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        properties.setContentType("application/json");
        properties.setUserProperties(List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("line", "42")));
        var message = new org.eclipse.paho.mqttv5.common.MqttMessage(PAYLOAD, 1, false, properties);
        var sent = new org.eclipse.paho.mqttv5.common.packet.MqttPublish("transit/doors/bus-017", message, properties);
        sent.setMessageId(17);

        var parsed = (org.eclipse.paho.mqttv5.common.packet.MqttPublish) org.eclipse.paho.mqttv5.common.packet
                .MqttWireMessage.createWireMessage(concat(sent.getHeader(), sent.getPayload()));

        assertEquals("transit/doors/bus-017", parsed.getTopicName());
        assertEquals(17, parsed.getMessageId());
        assertEquals(1, parsed.getMessage().getQos());
        assertArrayEquals(PAYLOAD, parsed.getMessage().getPayload());
        assertEquals("application/json", parsed.getProperties().getContentType());
        assertEquals("42", parsed.getProperties().getUserProperties().get(0).getValue());
    }

    @Test
    void anMqtt311PublishParsesAsItWasWritten() throws Exception {
        var message = new org.eclipse.paho.client.mqttv3.MqttMessage(PAYLOAD);
        message.setQos(1);
        var sent = new org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish("transit/doors/bus-017", message);
        sent.setMessageId(65535);

        var parsed = (org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish) org.eclipse.paho.client.mqttv3
                .internal.wire.MqttWireMessage.createWireMessage(concat(sent.getHeader(), sent.getPayload()));

        assertEquals("transit/doors/bus-017", parsed.getTopicName());
        assertEquals(65535, parsed.getMessageId());
        assertArrayEquals(PAYLOAD, parsed.getMessage().getPayload());
    }

    /** Paho names each token's logger after its client: two loggers of one class keep their own names. */
    @Test
    void everyMqtt5LoggerIsItsOwnAndWritesThroughJavaLogging() {
        var first = assertEachKeepsItsName("dev.rivulet.test.PahoPatches.v5",
                id -> org.eclipse.paho.mqttv5.client.logging.LoggerFactory.getLogger(
                        org.eclipse.paho.mqttv5.client.logging.LoggerFactory.MQTT_CLIENT_MSG_CAT, id),
                (logger, name) -> logger.setResourceName(name),
                (logger, text) -> logger.warning("PahoPatchesTest", "test", text));
        assertInstanceOf(org.eclipse.paho.mqttv5.client.logging.JSR47Logger.class, first);
    }

    @Test
    void everyMqtt311LoggerIsItsOwnAndWritesThroughJavaLogging() {
        var first = assertEachKeepsItsName("dev.rivulet.test.PahoPatches.v3",
                id -> org.eclipse.paho.client.mqttv3.logging.LoggerFactory.getLogger(
                        org.eclipse.paho.client.mqttv3.logging.LoggerFactory.MQTT_CLIENT_MSG_CAT, id),
                (logger, name) -> logger.setResourceName(name),
                (logger, text) -> logger.warning("PahoPatchesTest", "test", text));
        assertInstanceOf(org.eclipse.paho.client.mqttv3.logging.JSR47Logger.class, first);
    }

    /** Two loggers from the factory, each named after another client, log under their own names; returns the first. */
    private static <L> L assertEachKeepsItsName(String id, Function<String, L> factory, BiConsumer<L, String> name,
            BiConsumer<L, String> warn) {
        List<String> seen = capture(id);
        L first = factory.apply(id);
        L second = factory.apply(id);
        assertNotSame(first, second);
        name.accept(first, "source-client");
        name.accept(second, "upstream-client");
        warn.accept(first, "a warning");
        warn.accept(second, "another");
        assertEquals(List.of("source-client: a warning", "upstream-client: another"), seen);
        return first;
    }

    @Test
    void setLoggerStillChoosesTheClassAndAMissingOneIsAnError() {
        String v5 = org.eclipse.paho.mqttv5.client.logging.LoggerFactory.MQTT_CLIENT_MSG_CAT;
        org.eclipse.paho.mqttv5.client.logging.LoggerFactory.setLogger(QuietV5Logger.class.getName());
        assertInstanceOf(QuietV5Logger.class, org.eclipse.paho.mqttv5.client.logging.LoggerFactory.getLogger(v5, "x"));
        org.eclipse.paho.mqttv5.client.logging.LoggerFactory.setLogger("dev.rivulet.NoSuchLogger");
        assertThrows(MissingResourceException.class,
                () -> org.eclipse.paho.mqttv5.client.logging.LoggerFactory.getLogger(v5, "x"));

        String v3 = org.eclipse.paho.client.mqttv3.logging.LoggerFactory.MQTT_CLIENT_MSG_CAT;
        org.eclipse.paho.client.mqttv3.logging.LoggerFactory.setLogger("dev.rivulet.NoSuchLogger");
        assertThrows(MissingResourceException.class,
                () -> org.eclipse.paho.client.mqttv3.logging.LoggerFactory.getLogger(v3, "x"));
        assertThrows(MissingResourceException.class,
                () -> org.eclipse.paho.client.mqttv3.logging.LoggerFactory.getLogger("dev.rivulet.no.such.catalog", "x"));
    }

    /** A logger a user might name with setLogger: Paho's java.util.logging one, under another class name. */
    public static class QuietV5Logger extends org.eclipse.paho.mqttv5.client.logging.JSR47Logger {
    }

    private static List<String> capture(String loggerName) {
        List<String> seen = new ArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(loggerName);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return seen;
    }

    private static byte[] concat(byte[] header, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
