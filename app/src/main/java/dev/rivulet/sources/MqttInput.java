package dev.rivulet.sources;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.decode.PayloadDecoder;
import dev.rivulet.sensors.mqtt.MqttSettings;
import dev.rivulet.sensors.mqtt.MqttSource;
import java.util.List;

/**
 * {@code type: mqtt}: readings from topics of a broker, acknowledged once the write-ahead log holds them.
 *
 * @param name    the source's name
 * @param limits  what the source may buffer and take: buffer, max-rate, max-keys
 * @param broker  the broker's name under {@code brokers}
 * @param topics  topic filters ({@code +} and {@code #} wildcards)
 * @param qos     0 or 1 (1: a persistent session, at least once)
 * @param decoder how a payload becomes a reading
 * @param maxMessageBytes the largest payload taken; a larger message is refused unread (never in memory),
 *                        acknowledged and dead-lettered without its payload. Also the decoder's payload limit.
 */
public record MqttInput(String name, SourceLimits limits, String broker, List<String> topics, int qos, Decoder decoder,
                        int maxMessageBytes) implements SourceKind {

    private static final Key BROKER = new Key("broker", Key.Type.STRING, "", "the name of a broker under brokers");
    private static final Key TOPICS = new Key("topics", Key.Type.LIST, "",
            "the topic filters to subscribe to, e.g. [buses/+/door]");
    private static final Key QOS = new Key("qos", Key.Type.INTEGER, "1",
            "1: at least once; a reading is acknowledged only once it is in the write-ahead log");

    static final Key MAX_MESSAGE_BYTES = new Key("max-message-bytes", Key.Type.INTEGER,
            String.valueOf(MqttSettings.DEFAULT_MAX_MESSAGE_BYTES),
            "a larger message is refused unread, acknowledged and dead-lettered without its payload");

    static final Kind<SourceKind> KIND = new Kind<>("mqtt", List.of(BROKER, TOPICS, QOS, MAX_MESSAGE_BYTES, Decoder.DECODER),
            MqttInput::read);

    private static MqttInput read(String name, ConfigNode node) {
        SourceLimits limits = SourceLimits.read(node);
        String broker = BROKER.required(node);
        List<String> topics = node.strings(TOPICS.name(), List.of());
        if (topics.isEmpty()) {
            node.problem(TOPICS.name(), "is required: list " + TOPICS.meaning());
        }
        return new MqttInput(name, limits, broker, topics, QOS.integer(node, 0, 1), Decoder.read(node),
                MAX_MESSAGE_BYTES.integer(node, 1, MqttSettings.MAX_MESSAGE_BYTES));
    }

    @Override
    public Source open(SourceLinks links) {
        return new MqttSource(name, links.brokers().get(broker).mqtt(name).topics(topics).qos(qos)
                .persistentSession(qos == 1).bufferCapacity(limits.buffer()).maxMessageBytes(maxMessageBytes)
                .maxMessageBytesKey("sources." + name + "." + MAX_MESSAGE_BYTES.name()), openDecoder());
    }

    /** The decoder this source gives its messages to, with its payload limit: live, and in a replay. */
    public PayloadDecoder openDecoder() {
        return decoder.open(name, maxMessageBytes);
    }
}
