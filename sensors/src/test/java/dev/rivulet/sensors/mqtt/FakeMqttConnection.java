package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.PublishCallback;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory stand-in for a broker connection, for unit tests of what sits on top of it. */
class FakeMqttConnection implements MqttConnection {
    volatile Listener listener;
    volatile boolean connected;
    final List<Integer> acknowledged = new CopyOnWriteArrayList<>();
    final List<String> subscribed = new CopyOnWriteArrayList<>();

    @Override
    public void connect(Listener l) throws MqttConnectionException {
        listener = l;
        connected = true;
    }

    @Override
    public void subscribe(String[] filters, int qos) {
        subscribed.addAll(List.of(filters));
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback done) {
        done.completed(null);
    }

    @Override
    public void acknowledge(int messageId, int qos) {
        acknowledged.add(messageId);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void close() {
        connected = false;
    }

    @Override
    public void kill() {
        connected = false;
    }
}
