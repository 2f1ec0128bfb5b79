package dev.rivulet.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/** A test's MQTT side of the appliance: door counters publishing, and a display or central broker listening. */
final class DoorCounterMqtt {

    private DoorCounterMqtt() {
    }

    /** Every message on {@code filter} from now on, as {@code "TOPIC PAYLOAD"}, QoS 1. */
    static List<String> subscribe(MqttClient client, String filter) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        // The array form: Paho 1.2.5's subscribe(String, int, listener) calls itself until the stack overflows.
        IMqttMessageListener listener = (topic, message) -> received.add(topic + " " + new String(message.getPayload(),
                StandardCharsets.UTF_8));
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, new IMqttMessageListener[] {listener});
        return received;
    }

    /** One door event of {@code bus} at stop S1 on {@code buses/BUS/door}, QoS 1. */
    static void door(MqttClient doors, String bus, int in, int out) throws Exception {
        MqttMessage message = new MqttMessage(("{\"in\":" + in + ",\"out\":" + out + ",\"stop\":\"S1\"}")
                .getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        doors.publish("buses/" + bus + "/door", message);
    }
}
