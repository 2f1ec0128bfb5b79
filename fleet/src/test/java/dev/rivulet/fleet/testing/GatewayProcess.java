package dev.rivulet.fleet.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway as the service runs it: the shaded {@code rivulet.jar} ({@code -Drivulet.jar}, which the build sets to
 * {@code app/target/rivulet.jar}) in a child JVM with a simulated bus fleet and a status endpoint, its lives
 * appended to one log.
 */
public final class GatewayProcess {

    private final String id;
    private final Path config;
    private final Path log;
    private final int statusPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /**
     * A gateway {@code id} with {@code buses} simulated buses (seeded by {@code seed}), state in {@code directory},
     * a summary upstream to {@code centralUrl} every {@code period}.
     */
    public GatewayProcess(String id, Path directory, String centralUrl, int buses, int seed, String period) throws IOException {
        this.id = id;
        Files.createDirectories(directory);
        try (ServerSocket socket = new ServerSocket(0)) {
            statusPort = socket.getLocalPort();
        }
        this.log = directory.resolve("gateway.log");
        this.config = Files.writeString(directory.resolve("rivulet.yaml"), """
                gateway: {id: %s}
                batch: {interval: 500ms}
                storage: {directory: '%s'}
                status: {address: 127.0.0.1, port: %d}
                brokers:
                  central: {url: '%s', client-id: rivulet-%s}
                sources:
                  fleet: {type: simulator, buses: %d, speed: 60, seed: %d}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}
                upstream:
                  broker: central
                  period: %s
                  retry-max: 2s
                """.formatted(id, directory.resolve("state"), statusPort, centralUrl, id, buses, seed, period));
    }

    public static Path jar() {
        String jar = System.getProperty("rivulet.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no gateway jar at -Drivulet.jar=" + jar + ": build it first "
                    + "(mvn verify from the top builds app before fleet; or mvn -pl app -am -DskipTests package)");
        }
        return Path.of(jar);
    }

    public String id() {
        return id;
    }

    public void start(String life) throws IOException {
        note("---- " + life);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.sqlite.tmpdir=" + config.getParent(), "-jar", jar().toString(), "run", "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** SIGKILL: a power cut, as far as the gateway can tell. */
    public void kill() throws IOException, InterruptedException {
        process.destroyForcibly().waitFor();
        note("---- SIGKILL");
    }

    /** SIGTERM, as systemd stops it; true if it ended within 30 s. */
    public boolean terminate() throws IOException, InterruptedException {
        process.destroy();
        boolean stopped = process.waitFor(30, TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly().waitFor();
        }
        note("---- SIGTERM, " + (stopped ? "exit status " + process.exitValue() : "killed 30 s later"));
        return stopped;
    }

    public void destroy() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The gateway's {@code /api/status} document, or null while it does not answer. */
    public String status() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort
                    + "/api/status")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public Path log() {
        return log;
    }

    private void note(String line) throws IOException {
        Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
