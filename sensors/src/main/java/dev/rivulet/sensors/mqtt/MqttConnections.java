package dev.rivulet.sensors.mqtt;

/** Creates the Paho-backed connection for the configured protocol version. */
final class MqttConnections {
    private MqttConnections() {
    }

    static MqttConnection subscriber(MqttSettings settings) {
        return create(settings, true);
    }

    static MqttConnection publisher(MqttSettings settings) {
        return create(settings, false);
    }

    private static MqttConnection create(MqttSettings settings, boolean subscriber) {
        try {
            return settings.version() == MqttVersion.V5
                    ? new PahoV5Connection(settings, subscriber)
                    : new PahoV3Connection(settings, subscriber);
        } catch (MqttConnection.MqttConnectionException e) {
            throw new IllegalArgumentException("mqtt.server=" + settings.serverUri() + " mqtt.clientId=" + settings.clientId()
                    + ": " + e.getMessage(), e);
        }
    }
}
