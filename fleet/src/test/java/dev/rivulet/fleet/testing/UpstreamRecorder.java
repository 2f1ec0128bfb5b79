package dev.rivulet.fleet.testing;

import dev.rivulet.fleet.connect.ArrivalCallback;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * Every summary the gateways published, by id, as a subscriber of its own on the central broker sees them: the
 * truth the fleet view is compared with. A repeat replaces the first copy (same id, same content).
 */
public final class UpstreamRecorder implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private final MqttAsyncClient client;
    private final Map<String, String> summaries = new ConcurrentHashMap<>();

    public UpstreamRecorder(String brokerUrl) throws MqttException {
        client = new MqttAsyncClient(brokerUrl, "fleet-test-recorder", new MemoryPersistence());
        client.setCallback(new ArrivalCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                String json = new String(message.getPayload(), StandardCharsets.UTF_8);
                Matcher id = ID.matcher(json);
                if (id.find()) {
                    summaries.put(id.group(1), json);
                }
            }
        });
        client.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        client.subscribe("rivulet/+/summary", 1).waitForCompletion(10_000);
    }

    /** The summaries seen so far, by id. */
    public Map<String, String> summaries() {
        return Map.copyOf(summaries);
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
