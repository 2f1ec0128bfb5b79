package dev.rivulet.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One sample of a running gateway's /metrics, read the way a scraper reads it, for a test waiting on a number. */
final class MetricsScrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MetricsScrape() {
    }

    /**
     * The value of the sample {@code sample} matches (its group 1), {@code absent} when the family has no such sample
     * yet, -1 when the gateway does not answer (not started yet, or restarting).
     */
    static long value(URI metrics, Pattern sample, long absent) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher value = sample.matcher(body);
            return value.find() ? (long) Double.parseDouble(value.group(1)) : absent;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
