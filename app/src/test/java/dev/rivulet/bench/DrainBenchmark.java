package dev.rivulet.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The bare Paho side of docs/bench/drain.sh, and its helpers: a persistent MQTT 5 session made for a client id,
 * a QoS 1 backlog published into it while it is offline, and the bare subscriber that drains it (automatic
 * acknowledgements, counting in Paho's callback, decoding nothing: the ceiling the appliance is compared with).
 *
 * <pre>
 * java -cp app/target/rivulet.jar:app/target/test-classes dev.rivulet.bench.DrainBenchmark session URL CLIENT_ID
 * java -cp app/target/rivulet.jar:app/target/test-classes dev.rivulet.bench.DrainBenchmark publish URL COUNT
 * java -cp app/target/rivulet.jar:app/target/test-classes dev.rivulet.bench.DrainBenchmark drain URL CLIENT_ID COUNT
 * </pre>
 *
 * Readings are door-counter JSON ({@code {"bus":"b17","in":1,"out":0}}) on {@code doors/BUS}, 200 buses.
 */
public final class DrainBenchmark {

    /** The topic filter both subscribers take, at QoS 1. */
    static final String TOPICS = "doors/#";
    /** What mosquitto and the gateway's MQTT 5 source allow in flight. */
    private static final int RECEIVE_MAXIMUM = 1000;

    private DrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "session" -> session(args[1], args[2]);
            case "publish" -> publish(args[1], Integer.parseInt(args[2]));
            case "drain" -> drain(args[1], args[2], Integer.parseInt(args[3]));
            default -> {
                System.err.println("usage: DrainBenchmark session URL CLIENT_ID | publish URL COUNT | drain URL CLIENT_ID COUNT");
                System.exit(2);
            }
        }
    }

    private static MqttConnectionOptions persistentSession() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(TimeUnit.HOURS.toSeconds(1));
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
        options.setAutomaticReconnect(false);
        return options;
    }

    /** Connects as {@code clientId} with a persistent session, subscribes to {@link #TOPICS} at QoS 1, leaves. */
    private static void session(String url, String clientId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        client.connect(persistentSession()).waitForCompletion(10_000);
        client.subscribe(TOPICS, 1).waitForCompletion(10_000);
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }

    /** Publishes {@code count} readings at QoS 1, at most {@link #RECEIVE_MAXIMUM} (or the broker's
     * Receive Maximum, if less) unacknowledged. */
    private static void publish(String url, int count) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, "drain-publisher", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        IMqttToken connected = client.connect(options);
        connected.waitForCompletion(10_000);
        // The broker's own Receive Maximum (mosquitto's max_inflight_messages) caps the window: Paho refuses a
        // publish beyond it instead of waiting.
        MqttProperties connack = connected.getResponseProperties();
        Integer brokerWindow = connack == null ? null : connack.getReceiveMaximum();
        int windowSize = brokerWindow == null ? RECEIVE_MAXIMUM : Math.min(RECEIVE_MAXIMUM, brokerWindow);
        Semaphore window = new Semaphore(windowSize);
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                window.release();
                System.err.println("a publish failed: " + failure);
            }
        };
        for (int i = 0; i < count; i++) {
            window.acquire();
            String bus = "b" + (i % 200);
            byte[] payload = ("{\"bus\":\"" + bus + "\",\"in\":1,\"out\":0}").getBytes(StandardCharsets.US_ASCII);
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            client.publish("doors/" + bus, message, null, release);
        }
        window.acquire(windowSize);
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }

    /** Resumes {@code clientId}'s session and counts messages until {@code count}; prints the time from connecting. */
    private static void drain(String url, String clientId, int count) throws Exception {
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (received.incrementAndGet() == count) {
                    done.countDown();
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                done.countDown();
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                System.err.println(exception);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        long start = System.nanoTime();
        client.connect(persistentSession()).waitForCompletion(10_000);
        if (!done.await(10, TimeUnit.MINUTES) || received.get() < count) {
            System.err.println("received only " + received.get() + " of " + count);
            System.exit(1);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("bare Paho: %d messages in %d ms after connecting (%.0f/s)%n", count, millis, count * 1000.0 / millis);
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }
}
