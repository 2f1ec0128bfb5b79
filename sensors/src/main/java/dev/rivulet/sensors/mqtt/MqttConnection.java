package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.PublishCallback;

/**
 * One MQTT client, seen through what Rivulet needs of it. Implemented over Paho's v5 and v3 clients; tests may
 * use a fake. Blocking methods are called only from Rivulet's own connection thread, never from a callback.
 */
public interface MqttConnection {

    /** Called on the client's own thread: must not block for long and must not call back into the connection. */
    interface Listener {
        /** {@code duplicate}: the broker's DUP flag, set when it resends a message it sent before. */
        void messageArrived(String topic, byte[] payload, int messageId, int qos, boolean duplicate);

        /**
         * A message whose payload of {@code payloadBytes} was over the size limit and was never read into memory. At
         * QoS 1 it still needs acknowledging, as any message; at QoS 0 ({@code messageId} 0) it is only told.
         */
        void messageRefused(String topic, int messageId, int qos, boolean duplicate, long payloadBytes);

        void connectionLost(Throwable cause);
    }

    /** Connects, blocking up to the connect timeout. With a persistent session the broker may start redelivering at once. */
    void connect(Listener listener) throws MqttConnectionException;

    /** Subscribes to every filter at {@code qos}, blocking until the broker granted it. */
    void subscribe(String[] filters, int qos) throws MqttConnectionException;

    /** Starts a publish; {@code done} fires once, on a client thread. */
    void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback done) throws MqttConnectionException;

    /** Releases a received QoS 1 message to the broker (sends its PUBACK). Does not block. */
    void acknowledge(int messageId, int qos) throws MqttConnectionException;

    boolean isConnected();

    /** Disconnects cleanly (the broker keeps a persistent session) and releases the client's threads. */
    void close();

    /** Drops the network connection without a DISCONNECT packet, as a crash would. For tests. */
    void kill();

    /** A failure reported by the client, with its reason code when it has one. */
    final class MqttConnectionException extends Exception {
        private final int reasonCode;

        public MqttConnectionException(String message, int reasonCode, Throwable cause) {
            super(message, cause);
            this.reasonCode = reasonCode;
        }

        public int reasonCode() {
            return reasonCode;
        }

        /**
         * "what: message (reason N)", plus the innermost cause: Paho reports a refused TLS certificate as
         * "Untranslated MqttException" and keeps the useful part ("PKIX path building failed") in the cause.
         */
        static String describe(String what, String message, int reasonCode, Throwable error) {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String detail = root != error && root.getMessage() != null ? ": " + root.getMessage() : "";
            return what + ": " + message + " (reason " + reasonCode + ")" + detail;
        }
    }
}
