package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.config.ConfigLoader;
import dev.rivulet.config.RivuletConfig;
import dev.rivulet.status.Health;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ready only when ready: batches complete, and every source is connected and subscribed. */
class GatewayHealthTest {

    @TempDir
    Path state;

    @Test
    void aSourceThatCannotSubscribeKeepsTheGatewayNotReadyButLive() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        RivuletConfig config = ConfigLoader.parse("""
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: %d}
                brokers:
                  local: {url: 'tcp://127.0.0.1:1'}
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: [buses/+/door]
                    decoder: {format: json, key: bus, fields: [in, out]}
                pipelines:
                  occupancy: {type: bus-occupancy, source: doors, boardings: in, alightings: out}
                """.formatted(state, port), "depot.yaml");
        try (Gateway gateway = Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        })) {
            await("batches complete", () -> gateway.metrics().batches() >= 3);
            Health health = gateway.health();
            assertTrue(health.live(), health.toString());
            assertFalse(health.ready(), health.toString());
            assertEquals(1, health.reasons().size(), health.toString());
            assertTrue(health.reasons().get(0).startsWith("source 'doors' is not connected and subscribed: broker 'local'"
                    + " (tcp://127.0.0.1:1): network unreachable: no connection to tcp://127.0.0.1:1; check brokers.local.url"),
                    health.reasons().get(0));
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(gateway.statusUri() + "health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"ready\":false"), answer.body());
        }
    }
}
