package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GPIO configuration — beam counters in, an LED out — run from the shipped {@code rivulet.jar} in a child JVM,
 * as {@code rivulet run} runs it: with Pi4J's own mock provider added to the class path it starts and becomes
 * ready; with the real gpiod provider on a machine without a GPIO chip it ends at once, non-zero, with a message
 * that says what to do. Never a missing class, never a hang.
 */
class GpioFromShippedJarIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");

    @TempDir
    Path dir;

    private Path config(String provider, int port) throws IOException {
        Path file = dir.resolve("gpio.yaml");
        Files.writeString(file, """
                gateway: {id: pins}
                batch: {interval: 200ms}
                storage: {directory: '%s'}
                status: {port: %d}
                sources:
                  beams:
                    type: gpio
                    provider: %s
                    pins:
                      17: {key: bus-12, field: in, pull: up, edge: falling, debounce: 5ms}
                      27: {key: bus-12, field: out, pull: up, edge: falling, debounce: 5ms}
                pipelines:
                  occupancy: {type: bus-occupancy, source: beams, boardings: in, alightings: out}
                alerts:
                  near-capacity: {type: capacity, pipeline: occupancy, high: 90%%, low: 80%%, outputs: [led, log]}
                outputs:
                  led: {type: gpio, pin: 22, mode: on, provider: %s}
                  log: {type: log}
                """.formatted(dir.resolve("state"), port, provider, provider));
        return file;
    }

    @Test
    void onPi4jsMockProviderTheShippedJarStartsAndIsReady() throws Exception {
        int port = freePort();
        // Only Pi4J's mock plugin is added: everything else comes from the shipped jar.
        Path mockPlugin = Path.of(Class.forName("com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider")
                .getProtectionDomain().getCodeSource().getLocation().toURI());
        Path log = dir.resolve("gateway.log");
        Process gateway = new ProcessBuilder(java(), "-Xmx64m", "-cp", JAR + ":" + mockPlugin,
                "dev.rivulet.cli.Main", "run", "--config", config("mock", port).toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String health = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && gateway.isAlive()) {
                health = get("http://127.0.0.1:" + port + "/health");
                if (health != null && health.contains("\"ready\":true")) {
                    break;
                }
                gateway.waitFor(200, TimeUnit.MILLISECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(gateway.isAlive(), "the gateway ended:\n" + output);
            assertTrue(health != null && health.contains("\"ready\":true"), health + "\n" + output);
            gateway.destroy();
            assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "SIGTERM did not stop it");
            output = Files.readString(log, StandardCharsets.UTF_8);
            // 143 is the JVM's status after SIGTERM; the unit lists it in SuccessExitStatus.
            assertTrue(gateway.exitValue() == 0 || gateway.exitValue() == 143, gateway.exitValue() + "\n" + output);
            assertFalse(output.contains("NoClassDefFoundError") || output.contains("ClassNotFoundException"), output);
        } finally {
            gateway.destroyForcibly();
        }
    }

    @Test
    void withoutAGpioChipTheShippedJarEndsAtOnceWithAClearMessage() throws Exception {
        assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has a GPIO chip");
        Path log = dir.resolve("gateway.log");
        Process gateway = new ProcessBuilder(java(), "-Xmx64m", "-jar", JAR.toString(), "run", "--config",
                config("gpiod", freePort()).toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                fail("a GPIO configuration without a GPIO chip hangs:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(1, gateway.exitValue(), output);
            assertFalse(output.contains("NoClassDefFoundError") || output.contains("ClassNotFoundException"), output);
            assertTrue(output.contains("GPIO needs a Raspberry Pi with a GPIO chip"), output);
        } finally {
            gateway.destroyForcibly();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String get(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
