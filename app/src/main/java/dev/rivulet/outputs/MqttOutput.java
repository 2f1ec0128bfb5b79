package dev.rivulet.outputs;

import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.signals.Result;
import dev.rivulet.sensors.MessagePublisher;
import java.util.List;
import java.util.function.Function;

/**
 * {@code type: mqtt}: JSON to a local topic (the driver's display), published at once: alerts, and pipelines'
 * results. A failed publish is counted ({@link PublishFailures}), not retried.
 *
 * @param name     the output's name
 * @param broker   the broker's name under {@code brokers}
 * @param topic    the topic; {@code {key}} and {@code {gateway}} are filled in, and {@code {rule}} for alerts or
 *                 {@code {pipeline}} for results
 * @param qos      0 or 1
 * @param retained whether the broker keeps the last message per topic
 */
public record MqttOutput(String name, String broker, String topic, int qos, boolean retained) implements OutputKind {

    private static final Key BROKER = new Key("broker", Key.Type.STRING, "", "the name of a broker under brokers");
    private static final Key TOPIC = new Key("topic", Key.Type.STRING, "",
            "the topic, e.g. buses/{key}/alert; {key}, {gateway}, and {rule} (alerts) or {pipeline} (results) are filled in");
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
                links.failures().callback(name, "alert " + alert.id()));
    }

    /**
     * One message per key and batch, {@link ResultMessage}'s document, to the topic with the key filled in; refused
     * when the topic has {@code {rule}}, which a result cannot fill.
     */
    @Override
    public ResultRoute results() {
        if (topic != null && topic.contains("{rule}")) {
            return new ResultRoute.Refuses("its topic " + topic + " has {rule}, which only alerts fill in: give results"
                    + " an mqtt output of their own, with {pipeline} and {key} in its topic");
        }
        return new ResultRoute.Takes(links -> (pipeline, batchTime, results) -> {
            for (Result result : results) {
                links.publishers().apply(broker).publish(links.topic(topic, result),
                        ResultMessage.json(result, links.gatewayId()), qos, retained,
                        links.failures().callback(name, "result " + result.id(links.gatewayId())));
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
