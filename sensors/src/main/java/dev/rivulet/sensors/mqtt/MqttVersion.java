package dev.rivulet.sensors.mqtt;

/** The protocol spoken to the broker: MQTT 5 unless the broker in the field only speaks 3.1.1. */
public enum MqttVersion {
    V5,
    V3_1_1
}
