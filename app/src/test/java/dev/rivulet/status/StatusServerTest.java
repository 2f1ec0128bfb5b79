package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real server on a free port of 127.0.0.1, asked over HTTP as Prometheus, a browser and curl would. */
class StatusServerTest {

    private final ScriptedSource source = ScriptedSource.twoBuses();
    private StatusServer server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        source.metrics = new StatusMetrics(120, 4800, 3, 12, 360, 1440, 2, 1, 5, 4_000, 1_048_576, 0, 0, 7,
                Map.of("doors", 3L), Map.of(), -1, 0, Map.of("doors", new StatusMetrics.SourceKeys(10_000, 10_000, 4)), 6);
        server = StatusServer.start("127.0.0.1", 0, source);
        base = server.uri();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void boundToLoopbackOnTheRequestedPort() {
        assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
        assertTrue(server.address().getPort() > 0);
        assertEquals("http://127.0.0.1:" + server.address().getPort() + "/", base.toString());
    }

    @Test
    void metricsAreStrictPrometheusText() throws Exception {
        Http response = Http.get(base.resolve("/metrics"));
        assertEquals(200, response.code());
        assertEquals(PrometheusText.CONTENT_TYPE, response.contentType());
        Map<String, Double> series = PrometheusParser.parse(response.body());

        assertEquals(1.0, series.get("rivulet_live"));
        assertEquals(1.0, series.get("rivulet_ready"));
        assertEquals(120.0, series.get("rivulet_batches_total"));
        assertEquals(4800.0, series.get("rivulet_records_in_total"));
        assertEquals(0.36, series.get("rivulet_batch_scheduling_delay_seconds_sum"), 1e-9);
        assertEquals(120.0, series.get("rivulet_batch_scheduling_delay_seconds_count"));
        assertEquals(1.44, series.get("rivulet_batch_processing_seconds_sum"), 1e-9);
        assertEquals(0.003, series.get("rivulet_last_batch_scheduling_delay_seconds"), 1e-9);
        assertEquals(0.012, series.get("rivulet_last_batch_processing_seconds"), 1e-9);
        assertEquals(2.0, series.get("rivulet_dropped_records_total"));
        assertEquals(1.0, series.get("rivulet_dead_letters_total"));
        assertEquals(6.0, series.get("rivulet_dead_letters_waiting"));
        assertEquals(5.0, series.get("rivulet_outbox_messages"));
        assertEquals(4.0, series.get("rivulet_checkpoint_age_seconds"));
        assertEquals(1_048_576.0, series.get("rivulet_database_written_bytes_total"));
        assertEquals(0.0, series.get("rivulet_database_moved_aside_total"));
        assertEquals(0.0, series.get("rivulet_state_lost_total"));
        assertEquals(7.0, series.get("rivulet_redeliveries_recognised_total"));
        assertEquals(3.0, series.get("rivulet_source_oversized_messages_total{source=\"doors\"}"));
        assertEquals(10_000.0, series.get("rivulet_source_keys{source=\"doors\"}"));
        assertEquals(10_000.0, series.get("rivulet_source_max_keys{source=\"doors\"}"));
        assertEquals(4.0, series.get("rivulet_source_keys_refused_total{source=\"doors\"}"));
        assertEquals(42.0, series.get("rivulet_bus_occupancy{pipeline=\"occupancy\",bus=\"bus-1\"}"),
                "a bus's series names its pipeline");
        assertEquals(57.0, series.get("rivulet_bus_occupancy{bus=\"bus \\\"2\\\"\"}"), "label value escaped");
        assertEquals(0.95, series.get("rivulet_bus_load_ratio{bus=\"bus \\\"2\\\"\"}"));
        assertEquals(1.0, series.get("rivulet_open_alerts"));
        assertEquals(0.0, series.get("rivulet_degraded"));
        assertEquals(46.0, series.get("rivulet_bus_occupancy_percentage{pipeline=\"occupancy\",bus=\"bus-1\"}"));
        assertEquals(2.0, series.get("rivulet_rejected_readings_total{pipeline=\"occupancy\",rule=\"negative-count\"}"));
        assertEquals(3.0, series.get("rivulet_occupancy_corrections_total{pipeline=\"occupancy\"}"));
        assertEquals(7.0, series.get("rivulet_occupancy_corrected_passengers_total{pipeline=\"occupancy\"}"));
        assertEquals(31.0, series.get("rivulet_stop_boardings{pipeline=\"occupancy\",stop=\"Main St\"}"));
        assertEquals(4.0, series.get("rivulet_stop_alightings{pipeline=\"occupancy\",stop=\"Main St\"}"));
        assertEquals(12.0, series.get("rivulet_stop_alightings{pipeline=\"occupancy\",stop=\"stop \\\"7\\\"\"}"));
        assertEquals(38, series.keySet().stream().filter(k -> k.startsWith("rivulet_") && !k.startsWith("rivulet_build_info"))
                .count(), "the gateway's own series (ProcessMetricsTest has the process's)");
    }

    @Test
    void checkpointAgeIsNaNBeforeTheFirstCheckpoint() throws Exception {
        source.metrics = StatusMetrics.none();
        Map<String, Double> series = PrometheusParser.parse(Http.get(base.resolve("/metrics")).body());
        assertTrue(series.get("rivulet_checkpoint_age_seconds").isNaN());
        assertEquals(0.0, series.get("rivulet_batches_total"));
    }

    @Test
    void healthIs200WhenReadyAnd503WithReasonsOtherwise() throws Exception {
        Http ok = Http.get(base.resolve("/health"));
        assertEquals(200, ok.code());
        assertEquals("application/json", ok.contentType());
        assertEquals("no-store", ok.cacheControl());
        assertEquals(Map.of("live", true, "ready", true, "degraded", false, "reasons", List.of()), JsonTree.parse(ok.body()));

        source.health = new Health(true, true, List.of("upstream down, holding 3 messages in the outbox: broker 'central' ..."));
        Http degraded = Http.get(base.resolve("/health"));
        assertEquals(200, degraded.code(), "a link down degrades the gateway; it stays ready");
        assertEquals(Boolean.TRUE, ((Map<?, ?>) JsonTree.parse(degraded.body())).get("degraded"));
        assertEquals(1.0, PrometheusParser.parse(Http.get(base.resolve("/metrics")).body()).get("rivulet_degraded"));

        source.health = Health.notReady("no batch completed yet", "mqtt source doors: not connected");
        Http starting = Http.get(base.resolve("/health"));
        assertEquals(503, starting.code());
        assertEquals(Map.of("live", true, "ready", false, "degraded", false,
                "reasons", List.of("no batch completed yet", "mqtt source doors: not connected")),
                JsonTree.parse(starting.body()));

        source.health = new Health(false, false, List.of("engine stopped: disk full"));
        assertEquals(503, Http.get(base.resolve("/health")).code());
        assertEquals(0.0, PrometheusParser.parse(Http.get(base.resolve("/metrics")).body()).get("rivulet_live"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void apiStatusHasBusesWithHistoryAlertsAndMetrics() throws Exception {
        Http response = Http.get(base.resolve("/api/status"));
        assertEquals(200, response.code());
        Map<String, Object> status = (Map<String, Object>) JsonTree.parse(response.body());
        assertEquals(true, status.get("ready"));
        assertEquals(1_763_690_000_000L, status.get("batchTime"));
        assertEquals(1000L, status.get("batchIntervalMillis"));
        List<Map<String, Object>> buses = (List<Map<String, Object>>) status.get("buses");
        assertEquals(Map.ofEntries(Map.entry("id", "bus-1"), Map.entry("occupancy", 42L), Map.entry("capacity", 60L),
                Map.entry("load", 0.7), Map.entry("history", List.of(40L, 41L, 42L)), Map.entry("pipeline", "occupancy"),
                Map.entry("standing", 30L), Map.entry("level", "FEW_SEATS_AVAILABLE"), Map.entry("percentage", 46L),
                Map.entry("rejected", Map.of("negative-count", 2L)), Map.entry("corrections", 3L),
                Map.entry("correctedPassengers", 7L), Map.entry("lastReading", 1_763_689_999_000L),
                Map.entry("trip", Map.of("tripId", "T-1", "routeId", "R-1", "directionId", "0", "startDate", "20251121"))),
                buses.get(0));
        assertEquals(Map.of("occupancy", Map.of("negative-count", 2L)), status.get("rejectedReadings"));
        assertEquals("bus \"2\"", buses.get(1).get("id"));
        assertEquals(Map.of("occupancy", Map.of("windowMillis", 300_000L, "batchTime", 1_763_689_980_000L, "more", 3L,
                "stops", List.of(Map.of("id", "Main St", "boardings", 31L, "alightings", 4L),
                        Map.of("id", "stop \"7\"", "boardings", 0L, "alightings", 12L)))), status.get("stops"),
                "the busiest stops first, as the gateway gave them");
        assertEquals(List.of(Map.of("rule", "capacity", "bus", "bus \"2\"", "since", 1_763_689_990_000L,
                "value", 0.95, "detail", "57 of 60 passengers")), status.get("openAlerts"));
        Map<String, Object> metrics = (Map<String, Object>) status.get("metrics");
        assertEquals(120L, metrics.get("batches"));
        assertEquals(5L, metrics.get("outboxDepth"));
        assertEquals(6L, metrics.get("deadLettersWaiting"));
        assertEquals(4_000L, metrics.get("checkpointAgeMillis"));
    }

    @Test
    void thePageIsSelfContained() throws Exception {
        Http page = Http.get(base);
        assertEquals(200, page.code());
        assertEquals("text/html; charset=utf-8", page.contentType());
        assertTrue(page.contentSecurityPolicy().startsWith("default-src 'none'"), page.contentSecurityPolicy());
        assertTrue(page.body().contains("fetch(\"api/status\""), "the page polls /api/status");
        for (String external : List.of("<script src", "<link", "@import", "url(", "https://")) {
            assertFalse(page.body().contains(external), "the page must not load " + external);
        }
        assertEquals(page.body(), Http.get(base.resolve("/index.html")).body());
    }

    @Test
    void unknownPathsWrongMethodsAndHead() throws Exception {
        Http missing = Http.get(base.resolve("/nope"));
        assertEquals(404, missing.code());
        assertTrue(missing.body().contains("/metrics"), missing.body());
        RawHttp post = RawHttp.exchange(server.address(), "POST /health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals(405, post.status());
        assertEquals("GET, HEAD", post.header("Allow"));
        Http head = Http.request("HEAD", base.resolve("/metrics"));
        assertEquals(200, head.code());
        assertEquals("", head.body());

        RawHttp rawHead = RawHttp.exchange(server.address(), "HEAD /api/status HTTP/1.1\r\nHost: localhost\r\n\r\n");
        RawHttp rawGet = RawHttp.get(server.address(), "/api/status", "localhost");
        assertEquals("", rawHead.body(), "HEAD sends no body");
        assertEquals(rawGet.header("Content-Length"), rawHead.header("Content-Length"), "but says how long the GET's is");
        assertEquals(rawGet.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                Integer.parseInt(rawGet.header("Content-Length")));
    }

    @Test
    void queryStringsAndHttp10AreAnswered() throws Exception {
        assertEquals(200, Http.get(base.resolve("/health?probe=systemd")).code());
        assertEquals(200, RawHttp.get(server.address(), "/?interval=500", "localhost").status());
        RawHttp old = RawHttp.exchange(server.address(), "GET /metrics HTTP/1.0\r\n\r\n");
        assertEquals(200, old.status(), "an HTTP/1.0 client need not send Host");
        assertTrue(old.body().contains("rivulet_live 1"), old.body());
    }

    @Test
    void everyResponseForbidsCachingSniffingFramingAndReferrers() throws Exception {
        for (String path : List.of("/", "/health", "/metrics", "/api/status", "/gtfs-rt/vehicle-positions", "/nope")) {
            RawHttp response = RawHttp.get(server.address(), path, "localhost");
            assertEquals(path.startsWith("/gtfs-rt/") ? "no-cache" : "no-store", response.header("Cache-Control"), path);
            assertEquals("nosniff", response.header("X-Content-Type-Options"), path);
            assertEquals("DENY", response.header("X-Frame-Options"), path);
            assertEquals("no-referrer", response.header("Referrer-Policy"), path);
            assertEquals("close", response.header("Connection"), path);
            assertTrue(response.header("Date").endsWith(" GMT"), path);
        }
        RawHttp page = RawHttp.get(server.address(), "/", "localhost");
        assertTrue(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"), page.header("Content-Security-Policy"));
        assertTrue(page.header("Content-Security-Policy").startsWith("default-src 'none'"));
    }

    /**
     * GTFS-Realtime consumers poll the feed every few seconds: it carries a strong ETag and the data's time as
     * Last-Modified, and a poll whose validators still match gets 304 with no body (RFC 9110 §13.1.1–2, §15.4.5).
     */
    @Test
    void theFeedIsRevalidatedWithItsEntityTagAndTime() throws Exception {
        String feed = "/gtfs-rt/vehicle-positions";
        RawHttp first = RawHttp.get(server.address(), feed, "localhost");
        assertEquals(200, first.status());
        String etag = first.header("ETag");
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
        String lastModified = first.header("Last-Modified");
        assertTrue(lastModified.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), lastModified);

        RawHttp same = conditional(feed, "If-None-Match: W/\"x\", " + etag);
        assertEquals(304, same.status());
        assertEquals("", same.body());
        assertEquals(etag, same.header("ETag"));
        assertEquals(lastModified, same.header("Last-Modified"));
        assertEquals("no-cache", same.header("Cache-Control"));
        assertEquals(null, same.header("Content-Length"), "a 304 does not say the 200's length");
        assertEquals(304, conditional(feed, "If-Modified-Since: " + lastModified).status());

        assertEquals(200, conditional(feed, "If-None-Match: \"other\"").status());
        assertEquals(200, conditional(feed, "If-None-Match: \"other\"\r\nIf-Modified-Since: " + lastModified).status(),
                "If-None-Match decides when present");
        assertEquals(200, conditional(feed, "If-Modified-Since: Thu, 01 Jan 1970 00:00:01 GMT").status());
        assertEquals(200, conditional(feed, "If-Modified-Since: not a date").status());

        source.laterBy = 1_000;
        RawHttp changed = conditional(feed, "If-None-Match: " + etag);
        assertEquals(200, changed.status(), "a new batch makes a new feed");
        assertTrue(!etag.equals(changed.header("ETag")));
    }

    private RawHttp conditional(String path, String field) throws Exception {
        return RawHttp.exchange(server.address(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + field + "\r\n\r\n");
    }

    @Test
    void aFailingSourceCostsOneResponseNotTheServer() throws Exception {
        ScriptedSource failing = new ScriptedSource(request -> {
            throw new IllegalStateException("fleet not available at /secret/path");
        });
        try (StatusServer broken = StatusServer.start("127.0.0.1", 0, failing)) {
            Http response = Http.get(broken.uri().resolve("/api/status"));
            assertEquals(500, response.code());
            assertEquals("Internal error, see the gateway's log\n", response.body());
            assertFalse(response.body().contains("fleet not available"), "no exception text to the client");
            assertEquals(200, Http.get(broken.uri().resolve("/health")).code(), "the server still answers");
        }
    }
}
