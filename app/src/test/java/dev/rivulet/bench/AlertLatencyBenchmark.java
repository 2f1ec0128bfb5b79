package dev.rivulet.bench;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.gateway.Gateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * How soon an alert reaches the driver's display: the demo's simulated fleet (1 s batches) with its capacity
 * alerts published to a local MQTT topic; a subscriber on the same broker takes, for every alert, its arrival
 * time minus its batch time (the end of the batch that crossed the mark).
 *
 * <pre>java -cp app/target/rivulet.jar:app/target/test-classes dev.rivulet.bench.AlertLatencyBenchmark tcp://127.0.0.1:1883 SECONDS BUSES</pre>
 */
public final class AlertLatencyBenchmark {

    private static final Pattern BATCH_TIME = Pattern.compile("\"batchTime\":(\\d+)");

    private AlertLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String broker = args.length > 0 ? args[0] : "tcp://127.0.0.1:1883";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        int buses = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        String demo = new String(AlertLatencyBenchmark.class.getResourceAsStream("/demo.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        String yaml = demo.replace("buses: 8", "buses: " + buses).replace("outputs: [log]", "outputs: [display]")
                .replace("outputs:\n  log:\n    type: log", "outputs:\n  display: {type: mqtt, broker: local, topic: 'bench/{key}/alert', retained: false}")
                + "\nbrokers:\n  local: {url: '" + broker + "'}\n";
        RivuletConfig config = ConfigLoader.parse(yaml, "latency.yaml")
                .withStateDirectory(Files.createTempDirectory("rivulet-latency-")).withStatusPort(0);

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        MqttClient subscriber = new MqttClient(broker, "latency-probe", new MemoryPersistence());
        subscriber.connect();
        IMqttMessageListener listener = (topic, message) -> {
            long arrived = System.currentTimeMillis();
            Matcher matcher = BATCH_TIME.matcher(new String(message.getPayload(), StandardCharsets.UTF_8));
            if (matcher.find()) {
                latencies.add(arrived - Long.parseLong(matcher.group(1)));
            }
        };
        subscriber.subscribe(new MqttSubscription[] {new MqttSubscription("bench/+/alert", 1)},
                new IMqttMessageListener[] {listener});
        try (Gateway gateway = Gateway.start(config, output -> {
            throw new IllegalStateException("no pins");
        })) {
            Thread.sleep(seconds * 1000L);
        }
        subscriber.disconnect();
        subscriber.close();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("no alerts in " + seconds + " s");
            return;
        }
        System.out.printf("%d alerts in %d s; latency from the end of the batch to the display: median %d ms,"
                        + " p99 %d ms, max %d ms%n", sorted.size(), seconds, sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1));
    }
}
