package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.StatusClient;
import dev.rivulet.upstream.SmallFileSystem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 1: the state directory on a real 3 MB file system (tmpfs, needs root), the central broker down,
 * door readings at QoS 1 until the disk is full and the held-back work (outbox messages of failed checkpoints)
 * has grown for a while; then the central broker returns and a filler file of {@code -Drivulet.tight.freed-kb}
 * (default 1,024 kB) is deleted. The shipped jar must get back to normal by itself: ready, the storage-full alert
 * cleared, checkpoints recent, the outbox drained upstream, every published reading counted (occupancy and the
 * summaries upstream), and the full disk said as warnings of one line, never an ERROR or a stack trace.
 *
 * <p>Before the fix the first big write after the freeing (the checkpoint with every held-back message in one
 * transaction) ate the freed space in SQLite's {@code -wal} file, so the file could never again be copied into
 * the database: the gateway stayed "cannot be written" until far more space was freed. Logs:
 * {@code app/target/tight-disk/}.
 */
class TightDiskIT {

    private static final String GATEWAY_ID = "tight-gw";
    private static final String DOOR_TOPIC = "buses/door";
    /** Many buses make a summary of about 23 kB, two a second: the outbox of a dead uplink fills the disk fast. */
    private static final int BUSES = 100;
    private static final int READINGS = 12_000;
    private static final int CHUNK = 250;
    private static final long PERIOD_MILLIS = 500;
    /** Free space the database starts with: what the outbox fills before the disk is full. */
    private static final long INITIAL_ROOM_BYTES = 700 * 1024;
    /**
     * How long checkpoints fail before space returns: about 80 summaries (1.9 MB) held back in memory, more than
     * the space freed, as on a gateway whose uplink stayed down a while.
     */
    private static final long HELD_BACK_MILLIS = 40_000;
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static final Path LOGS = Path.of("target", "tight-disk");

    @TempDir
    Path dir;

    /** What the last look at the gateway saw, for a failure message. */
    private static volatile String lastSeen = "nothing yet";

    @Test
    void aFullDiskThenALittleSpaceTheGatewayGetsBackToNormalByItself() throws Exception {
        Path mosquittoPub = HostTools.require("mosquitto_pub");
        Path jar = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it first (mvn package; verify does)");
        long freedBytes = Long.getLong("rivulet.tight.freed-kb", 1024) * 1024;
        Files.createDirectories(LOGS);
        for (String log : List.of("local-mosquitto.log", "central-mosquitto.log", "collector.log")) {
            Files.deleteIfExists(LOGS.resolve(log));
        }
        DoorCounts doors = DoorCounts.generate(new Random(19), READINGS, BUSES);
        List<List<DoorCounts.Door>> chunks = doors.chunks(CHUNK);

        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("disk"), "3m");
             Mosquitto local = new Mosquitto("local", dir.resolve("local"), LOGS.resolve("local-mosquitto.log"));
             Mosquitto central = new Mosquitto("central", dir.resolve("central"), LOGS.resolve("central-mosquitto.log"));
             UpstreamCollector upstream = new UpstreamCollector(central.url(), "tight-disk-central-consumer",
                     "rivulet/" + GATEWAY_ID + "/#", LOGS.resolve("collector.log"))) {
            central.stop();
            Path freed = disk.path().resolve("filler-freed");
            Path kept = disk.path().resolve("filler-kept");
            allocate(freed, freedBytes);
            allocate(kept, Files.getFileStore(disk.path()).getUsableSpace() - INITIAL_ROOM_BYTES);
            int statusPort = freePort();
            StatusClient status = new StatusClient(URI.create("http://127.0.0.1:" + statusPort), Duration.ofSeconds(3));
            Path config = Files.writeString(dir.resolve("rivulet.yaml"),
                    config(disk.path().resolve("state"), statusPort, local.url(), central.url()));
            GatewayProcess gateway = new GatewayProcess(jar, config, LOGS.resolve("gateway.log"));
            try {
                gateway.start("the gateway, central broker down");
                await(gateway, "ready", Duration.ofSeconds(60), () -> Boolean.TRUE.equals(fetch(status).get("ready")));
                int published = 0;
                for (; published < chunks.size() / 2; published++) {
                    publish(mosquittoPub, local, chunks.get(published));
                }
                await(gateway, "the storage-full alert", Duration.ofSeconds(120),
                        () -> logHas(gateway, "ALERT RAISED storage-full"));
                for (; published < chunks.size() * 3 / 4; published++) {
                    publish(mosquittoPub, local, chunks.get(published));
                }
                await(gateway, "checkpoints failing for " + HELD_BACK_MILLIS + " ms", Duration.ofSeconds(120),
                        () -> metric(status, "checkpointAgeMillis") > HELD_BACK_MILLIS);
                gateway.note("---- the central broker starts and " + freedBytes / 1024 + " kB are freed; "
                        + Files.getFileStore(disk.path()).getUsableSpace() + " bytes were free");
                central.start();
                Files.delete(freed);
                for (; published < chunks.size(); published++) {
                    publish(mosquittoPub, local, chunks.get(published));
                }

                await(gateway, "back to normal: ready, storage-full cleared, outbox empty, every reading counted",
                        RECOVERY, () -> {
                            Map<String, Object> now = fetch(status);
                            UpstreamSummaries summaries = UpstreamSummaries.of(upstream.received(), PERIOD_MILLIS);
                            lastSeen = "reasons " + now.get("reasons") + ", metrics " + now.get("metrics")
                                    + ", occupancy right " + ApplianceChecks.occupancyOf(now).equals(doors.occupancy())
                                    + ", summaries upstream " + summaries.count() + " with boardings right "
                                    + summaries.boardings().equals(doors.boardings());
                            return Boolean.TRUE.equals(now.get("ready"))
                                    && logHasAfterNote(gateway, "ALERT CLEARED storage-full")
                                    && metric(now, "outboxDepth") == 0
                                    && ApplianceChecks.occupancyOf(now).equals(doors.occupancy())
                                    && summaries.boardings().equals(doors.boardings())
                                    && summaries.alightings().equals(doors.alightings());
                        });
                Map<String, Object> last = fetch(status);
                long age = metric(last, "checkpointAgeMillis");
                assertTrue(age >= 0 && age < 5_000, "the last checkpoint is " + age + " ms old");
                System.out.println("tight disk: " + freedBytes / 1024 + " kB freed; recovered; "
                        + upstream.received().size() + " messages upstream; "
                        + Files.getFileStore(disk.path()).getUsableSpace() / 1024 + " kB free at the end");
                assertTrue(gateway.terminate("the end"));
            } finally {
                gateway.destroy();
            }
            List<String> lines = gateway.lines();
            List<String> errors = lines.stream()
                    .filter(line -> line.startsWith("ERROR") || line.startsWith("\tat ") || line.startsWith("Caused by"))
                    .toList();
            assertEquals(List.of(), errors.subList(0, Math.min(10, errors.size())),
                    "a full disk is expected: warnings of one line, no ERROR, no stack trace");
            List<String> fullDisk = lines.stream()
                    .filter(line -> line.startsWith("WARN") && line.contains("storage full:")).toList();
            assertEquals(1, fullDisk.size(), "one full disk, one warning: " + fullDisk);
            assertTrue(fullDisk.get(0).contains("disk"), fullDisk.get(0));
            assertTrue(logHas(gateway, "storage takes writes again"), "the end of the episode is said");
        }
    }

    /** A file of {@code bytes} that really takes its space (tmpfs allocates what is written). */
    private static void allocate(Path file, long bytes) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        }
    }

    /** One {@code mosquitto_pub -q 1 -l} of a chunk; it returns once the local broker acknowledged every reading. */
    private static void publish(Path mosquittoPub, Mosquitto local, List<DoorCounts.Door> chunk)
            throws IOException, InterruptedException {
        Process pub = new ProcessBuilder(mosquittoPub.toString(), "-h", "127.0.0.1", "-p", Integer.toString(local.port()),
                "-q", "1", "-t", DOOR_TOPIC, "-l").redirectErrorStream(true).start();
        try (var in = pub.getOutputStream()) {
            for (DoorCounts.Door door : chunk) {
                in.write((door.json() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertTrue(pub.waitFor(60, TimeUnit.SECONDS), "mosquitto_pub did not finish within 60 s");
        assertEquals(0, pub.exitValue(), () -> "mosquitto_pub failed: " + output(pub));
    }

    private static String output(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** Waits for {@code condition}, checking every 250 ms; fails with the gateway's log if it does not come. */
    private static void await(GatewayProcess gateway, String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + timeout.toSeconds() + " s; last seen: " + lastSeen + "\n"
                        + gateway.excerpt(line -> line.startsWith("ERROR") || line.startsWith("WARN")));
            }
            if (gateway.waitFor(250)) {
                fail("the gateway exited with status " + gateway.exitValue() + " while waiting for " + what + "\n"
                        + gateway.excerpt(line -> line.startsWith("ERROR")));
            }
        }
    }

    private static Map<String, Object> fetch(StatusClient status) {
        try {
            return status.fetch();
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static long metric(StatusClient status, String name) {
        return metric(fetch(status), name);
    }

    private static long metric(Map<String, Object> status, String name) {
        return status.get("metrics") instanceof Map<?, ?> metrics && metrics.get(name) instanceof Number n
                ? n.longValue() : -1;
    }

    private static boolean logHas(GatewayProcess gateway, String text) {
        try {
            return gateway.lines().stream().anyMatch(line -> line.contains(text));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code text} is in the log after the test's note that space was freed. */
    private static boolean logHasAfterNote(GatewayProcess gateway, String text) {
        try {
            List<String> lines = gateway.lines();
            int freed = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("are freed;")) {
                    freed = i;
                }
            }
            return freed >= 0 && lines.subList(freed, lines.size()).stream().anyMatch(line -> line.contains(text));
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String config(Path state, int statusPort, String localUrl, String centralUrl) {
        return """
                gateway: {id: %s}
                batch: {interval: 500ms}
                storage: {directory: '%s'}
                status: {address: 127.0.0.1, port: %d}
                logging: {level: info, levels: {org.eclipse.paho: warn}}
                brokers:
                  local: {url: '%s', client-id: rivulet-tight-local}
                  central: {url: '%s', client-id: rivulet-tight-central}
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: [%s]
                    qos: 1
                    decoder: {format: json, key: bus, fields: [in, out], labels: [stop]}
                pipelines:
                  occupancy:
                    type: bus-occupancy
                    source: doors
                    where: [in >= 0, out >= 0]
                    capacity: 100000
                    window: 10s
                    slide: 500ms
                outputs:
                  upstream: {type: upstream}
                upstream:
                  broker: central
                  period: 500ms
                  retry-max: 2s
                """.formatted(GATEWAY_ID, state, statusPort, localUrl, centralUrl, DOOR_TOPIC);
    }
}
