package dev.rivulet.fleet.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.fleet.testing.ConnectWorker;
import dev.rivulet.fleet.testing.GatewayPublisher;
import dev.rivulet.fleet.testing.KafkaBroker;
import dev.rivulet.fleet.testing.KafkaRecords;
import dev.rivulet.fleet.testing.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector in a real standalone Connect worker, between Debian's mosquitto and a KRaft Kafka broker: three
 * gateways publish summaries, alerts and an outbox-dropped report; the worker is stopped while they go on and
 * started again. Every message is in Kafka, in its kind's topic, keyed by its gateway, with its id as a header.
 */
class MqttSourceConnectorIT {

    private static final List<String> TOPICS = List.of("rivulet.summaries", "rivulet.alerts", "rivulet.outbox-dropped");
    private static final List<String> GATEWAYS = List.of("bus-gateway-1", "bus-gateway-2", "bus-gateway-3");

    @TempDir
    static Path directory;
    private static Mosquitto mosquitto;
    private static KafkaBroker kafka;

    @BeforeAll
    static void start() throws Exception {
        mosquitto = new Mosquitto(directory.resolve("mosquitto"));
        kafka = new KafkaBroker(directory.resolve("kafka"));
        kafka.createTopics(3, TOPICS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void everyMessageReachesKafkaAcrossAWorkerRestart() throws Exception {
        Map<String, String> config = Map.of(
                "connector.class", MqttSourceConnector.class.getName(),
                "tasks.max", "2",
                "mqtt.broker", mosquitto.url());
        Set<String> expected = new TreeSet<>();
        try (ConnectWorker worker = new ConnectWorker(kafka.bootstrapServers(), directory.resolve("connect"));
             GatewayPublisher publisher = new GatewayPublisher(mosquitto.url(), "test-gateways");
             KafkaRecords kafkaRecords = new KafkaRecords(kafka.bootstrapServers(), TOPICS)) {
            worker.start("fleet-mqtt", config);
            awaitSubscribed(publisher, kafkaRecords, "rivulet");

            publishRound(publisher, expected, 0, 40);
            worker.stop();
            // The worker is down: the broker keeps these in the tasks' sessions.
            publishRound(publisher, expected, 40, 80);
            worker.start("fleet-mqtt", config);
            publishRound(publisher, expected, 80, 120);

            List<ConsumerRecord<String, byte[]>> records = kafkaRecords.readUntil(
                    r -> ids(r).containsAll(expected), Duration.ofSeconds(90));
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(ids(records));
            assertEquals(Set.of(), missing, "messages published but not in Kafka");

            Map<String, Set<Integer>> partitionsOfGateway = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                String payload = new String(record.value(), StandardCharsets.UTF_8);
                String kind = header(record, MqttSourceTask.TOPIC_HEADER).replaceAll("^rivulet/[^/]+/", "");
                String topic = Map.of("summary", "rivulet.summaries", "alerts", "rivulet.alerts",
                        "outbox-dropped", "rivulet.outbox-dropped").get(kind);
                assertEquals(topic, record.topic(), payload);
                assertTrue(payload.contains("\"gateway\":\"" + record.key() + "\""), "key " + record.key() + " of " + payload);
                if (!"outbox-dropped".equals(kind)) {
                    assertTrue(payload.contains("\"id\":\"" + header(record, MqttSourceTask.ID_HEADER) + "\""), payload);
                }
                partitionsOfGateway.computeIfAbsent(record.topic() + " " + record.key(), k -> new HashSet<>()).add(record.partition());
            }
            partitionsOfGateway.forEach((gateway, partitions) ->
                    assertEquals(1, partitions.size(), gateway + " is spread over partitions " + partitions));
        }
    }

    /**
     * The Kafka broker stops while the worker runs and gateways publish; then the worker stops too, its records
     * never acknowledged by Kafka. Both come back: the messages were not acknowledged on MQTT either, so the broker
     * sends them again and they all reach Kafka.
     */
    @Test
    void aKafkaOutageThenAWorkerStopLosesNothing() throws Exception {
        Map<String, String> config = Map.of(
                "connector.class", MqttSourceConnector.class.getName(),
                "tasks.max", "1",
                "mqtt.broker", mosquitto.url(),
                "mqtt.shared.group", "outage",
                "mqtt.topics.summaries", "outage/+/summary",
                "mqtt.topics.alerts", "outage/+/alerts",
                "mqtt.topics.outbox-dropped", "outage/+/outbox-dropped");
        Set<String> expected = new TreeSet<>();
        try (ConnectWorker worker = new ConnectWorker(kafka.bootstrapServers(), directory.resolve("connect-outage"));
             GatewayPublisher publisher = new GatewayPublisher(mosquitto.url(), "test-outage-gateways");
             KafkaRecords kafkaRecords = new KafkaRecords(kafka.bootstrapServers(), TOPICS)) {
            worker.start("fleet-outage", config);
            awaitSubscribed(publisher, kafkaRecords, "outage");

            kafka.stop();
            for (int n = 0; n < 50; n++) {
                String id = "summary/outage-gateway/" + n;
                publisher.publish("outage/outage-gateway/summary", summary("outage-gateway", id, n));
                expected.add(id);
            }
            worker.stop();
            kafka.start();
            worker.start("fleet-outage", config);

            List<ConsumerRecord<String, byte[]>> records = kafkaRecords.readUntil(
                    r -> ids(r).containsAll(expected), Duration.ofSeconds(90));
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(ids(records));
            assertEquals(Set.of(), missing, "messages published during the Kafka outage but not in Kafka");
        }
    }

    /**
     * The connector over TLS (the broker's certificate signed by a CA of the test's own, given in
     * {@code mqtt.ssl.ca.file}) with a user name and password, against a mosquitto that allows nothing else.
     */
    @Test
    void overTlsWithAUserAndPassword() throws Exception {
        Path tls = Files.createDirectories(directory.resolve("tls"));
        run(tls, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=rivulet-fleet-test-ca");
        run(tls, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        Files.writeString(tls.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(tls, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
        run(tls, "mosquitto_passwd", "-b", "-c", "passwd", "fleet-connector", "s3cret");
        int tlsPort = KafkaBroker.freePort();
        int plainPort = KafkaBroker.freePort();
        try (Mosquitto secure = new Mosquitto(directory.resolve("mosquitto-tls"), List.of(
                "listener " + tlsPort + " 127.0.0.1",
                "cafile " + tls.resolve("ca.pem"),
                "certfile " + tls.resolve("server.pem"),
                "keyfile " + tls.resolve("server.key"),
                "listener " + plainPort + " 127.0.0.1",
                "allow_anonymous false",
                "password_file " + tls.resolve("passwd")));
             ConnectWorker worker = new ConnectWorker(kafka.bootstrapServers(), directory.resolve("connect-tls"));
             GatewayPublisher publisher = new GatewayPublisher("tcp://127.0.0.1:" + plainPort, "test-tls-gateways",
                     "fleet-connector", "s3cret");
             KafkaRecords kafkaRecords = new KafkaRecords(kafka.bootstrapServers(), TOPICS)) {
            worker.start("fleet-tls", Map.of(
                    "connector.class", MqttSourceConnector.class.getName(),
                    "tasks.max", "1",
                    "mqtt.broker", "ssl://127.0.0.1:" + tlsPort,
                    "mqtt.ssl.ca.file", tls.resolve("ca.pem").toString(),
                    "mqtt.username", "fleet-connector",
                    "mqtt.password", "s3cret",
                    "mqtt.shared.group", "tls",
                    "mqtt.topics.summaries", "tls/+/summary",
                    "mqtt.topics.alerts", "tls/+/alerts",
                    "mqtt.topics.outbox-dropped", "tls/+/outbox-dropped"));
            awaitSubscribed(publisher, kafkaRecords, "tls");
            Set<String> expected = new TreeSet<>();
            for (int n = 0; n < 20; n++) {
                String id = "summary/tls-gateway/" + n;
                publisher.publish("tls/tls-gateway/summary", summary("tls-gateway", id, n));
                expected.add(id);
            }
            List<ConsumerRecord<String, byte[]>> records = kafkaRecords.readUntil(
                    r -> ids(r).containsAll(expected), Duration.ofSeconds(60));
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(ids(records));
            assertEquals(Set.of(), missing, "messages published but not in Kafka over TLS");
        }
    }

    private static void run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + " failed: " + output);
    }

    /**
     * Before the first task subscribed nobody holds a session in the group, and the broker drops what is published:
     * publishes probes to {@code prefix/probe/summary} until one is in Kafka.
     */
    private static void awaitSubscribed(GatewayPublisher publisher, KafkaRecords kafkaRecords, String prefix) throws Exception {
        String probe = "summary/" + prefix + "-probe/";
        for (int n = 0; n < 60; n++) {
            publisher.publish(prefix + "/probe/summary", summary("probe", probe + n, 0));
            List<ConsumerRecord<String, byte[]>> seen = kafkaRecords.readUntil(
                    r -> ids(r).stream().anyMatch(id -> id.startsWith(probe)), Duration.ofSeconds(1));
            if (ids(seen).stream().anyMatch(id -> id.startsWith(probe))) {
                return;
            }
        }
        throw new AssertionError("the connector delivered none of 60 probes to " + prefix + "/probe/summary: is a task subscribed?");
    }

    /** Summaries {@code from} to {@code to} of each gateway, an alert every tenth, an outbox-dropped report once. */
    private static void publishRound(GatewayPublisher publisher, Set<String> expected, int from, int to) throws Exception {
        for (int n = from; n < to; n++) {
            for (String gateway : GATEWAYS) {
                String id = "summary/" + gateway + "/" + (n + 1) * 60_000L;
                publisher.publish("rivulet/" + gateway + "/summary", summary(gateway, id, n));
                expected.add(id);
                if (n % 10 == 0) {
                    String alert = "near-capacity/bus-1/" + n + "/raised";
                    publisher.publish("rivulet/" + gateway + "/alerts", "{\"id\":\"" + alert + "\",\"rule\":\"near-capacity\","
                            + "\"gateway\":\"" + gateway + "\",\"key\":\"bus-1\",\"state\":\"raised\",\"value\":0.9}");
                    expected.add(alert + "@" + gateway);
                }
            }
        }
        publisher.publish("rivulet/" + GATEWAYS.get(0) + "/outbox-dropped",
                "{\"type\":\"outbox-dropped\",\"count\":" + to + ",\"gateway\":\"" + GATEWAYS.get(0) + "\"}");
        expected.add("outbox-dropped/" + to);
    }

    private static String summary(String gateway, String id, int n) {
        return "{\"schema\":\"rivulet.summary/1\",\"id\":\"" + id + "\",\"gateway\":\"" + gateway + "\",\"periodStart\":"
                + n * 60_000L + ",\"periodEnd\":" + (n + 1) * 60_000L + ",\"buses\":[{\"bus\":\"bus-1\",\"occupancy\":" + n
                + "}],\"health\":{\"outboxDepth\":0}}";
    }

    /** The ids read, alerts' with their gateway (alert ids are per gateway), outbox reports' by their count. */
    private static Set<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> {
            String id = header(r, MqttSourceTask.ID_HEADER);
            if (r.topic().equals("rivulet.alerts")) {
                return id + "@" + r.key();
            }
            if (r.topic().equals("rivulet.outbox-dropped")) {
                return "outbox-dropped/" + new String(r.value(), StandardCharsets.UTF_8).replaceAll(".*\"count\":(\\d+).*", "$1");
            }
            return id;
        }).collect(Collectors.toSet());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
