package dev.rivulet.outputs;

import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.sensors.MessagePublisher;
import java.util.List;
import java.util.function.Function;
import org.tinylog.Logger;

/**
 * {@code type: mqtt}: JSON to a local topic (the driver's display), published at once.
 *
 * @param name     the output's name
 * @param broker   the broker's name under {@code brokers}
 * @param topic    the topic; {@code {key}}, {@code {rule}} and {@code {gateway}} are filled in
 * @param qos      0 or 1
 * @param retained whether the broker keeps the last message per topic
 */
public record MqttOutput(String name, String broker, String topic, int qos, boolean retained) implements OutputKind {

    private static final Key BROKER = new Key("broker", Key.Type.STRING, "", "the name of a broker under brokers");
    private static final Key TOPIC = new Key("topic", Key.Type.STRING, "",
            "the topic, e.g. buses/{key}/alert; {key}, {rule} and {gateway} are filled in");
    private static final Key QOS = new Key("qos", Key.Type.INTEGER, "1", "0 or 1");
    private static final Key RETAINED = new Key("retained", Key.Type.BOOLEAN, "true",
            "the broker keeps the last message per topic, so a display that reconnects shows the current state");

    static final Kind<OutputKind> KIND = new Kind<>("mqtt", List.of(BROKER, TOPIC, QOS, RETAINED), MqttOutput::read);

    private static MqttOutput read(String name, dev.rivulet.config.ConfigNode node) {
        return new MqttOutput(name, BROKER.required(node), TOPIC.required(node), QOS.integer(node, 0, 1), RETAINED.bool(node));
    }

    @Override
    public AlertOutput open(OutputLinks links) {
        return (alert, json) -> links.publishers().apply(broker).publish(links.topic(topic, alert), json, qos, retained,
                error -> {
                    if (error != null) {
                        Logger.warn("alert {} not delivered to {}: {}", alert.id(), name, error.getMessage());
                    }
                });
    }

    @Override
    public boolean carriesStorageAlerts() {
        return true;
    }

    @Override
    public void connect(Function<String, MessagePublisher> publishers) {
        publishers.apply(broker);
    }
}
