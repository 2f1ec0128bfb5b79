package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data sharing archive install.sh makes (its command: the unit's JVM flags,
 * {@code -XX:ArchiveClassesAtExit}, {@code rivulet train-archive}: the demo for 3 s, then the MQTT clients' classes)
 * works for the shipped jar: the gateway's classes, those of an MQTT gateway among them, then come from the
 * archive, and a missing archive named by {@code -XX:SharedArchiveFile} never stops the jar from running.
 */
class ClassArchiveIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");

    @TempDir
    Path dir;

    @Test
    void theArchiveIsMadeFromTheDemoAndTheMqttClientsAndUsedAndOptional() throws Exception {
        Path archive = dir.resolve("rivulet.jsa");
        HostTools.Result made = java("-XX:ArchiveClassesAtExit=" + archive, "train-archive");
        assertEquals(0, made.exitCode(), made.output());
        assertTrue(Files.size(archive) > 0, made.output());

        HostTools.Result used = java("-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "check-config",
                HostTools.repositoryRoot().resolve("app/src/main/resources/demo.yaml").toString());
        assertEquals(0, used.exitCode(), used.output());
        for (String gatewayClass : List.of("dev.rivulet.cli.Main", "dev.rivulet.configfile.ConfigLoader")) {
            assertTrue(used.output().contains(gatewayClass + " source: shared objects file (top)"),
                    gatewayClass + " from the archive: " + used.output());
        }

        // An MQTT gateway's client classes, which the demo alone never loads: a gateway that cannot reach its
        // broker still makes its client, and then its classes come from the archive too.
        Path config = dir.resolve("mqtt.yaml");
        Files.writeString(config, """
                gateway: {id: archive-check}
                storage: {directory: '%s'}
                status: {address: 127.0.0.1, port: 0}
                brokers:
                  local: {url: 'tcp://127.0.0.1:1', client-id: archive-check}
                sources:
                  doors: {type: mqtt, broker: local, topics: ['doors/#'], qos: 1, decoder: {format: json, key: bus, fields: [in, out]}}
                pipelines:
                  occupancy: {type: bus-occupancy, source: doors, capacity: 60}
                """.formatted(dir.resolve("state")));
        String mqtt = javaUntil("MQTT doors", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info",
                "run", "--config", config.toString());
        for (String mqttClass : List.of("org.eclipse.paho.mqttv5.client.MqttAsyncClient",
                "org.eclipse.paho.mqttv5.client.internal.ClientComms", "dev.rivulet.sensors.mqtt.MqttSource")) {
            assertTrue(mqtt.contains(mqttClass + " source: shared objects file (top)"),
                    mqttClass + " from the archive: " + mqtt);
        }

        HostTools.Result without = java("-XX:SharedArchiveFile=" + dir.resolve("missing.jsa"), "--version");
        assertEquals(0, without.exitCode(), without.output());
        assertTrue(without.output().contains("rivulet "), without.output());
    }

    /**
     * What the service runs before every start, {@code rivulet-class-archive --if-stale}: the archive is made when it
     * is missing, left alone while the jar and Java are the ones it was made for, and made again when one of them
     * changed (an apt upgrade of Java replaces its libjvm.so and modules image; here the jar's time changes), and
     * what it makes is an archive the JVM uses.
     */
    @Test
    void theServiceMakesTheArchiveAgainOnlyWhenTheJarOrJavaChanged() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path jar = Files.copy(JAR, lib.resolve("rivulet.jar"));
        Path archive = lib.resolve("rivulet.jsa");
        Path madeFor = lib.resolve("rivulet.jsa.for");

        HostTools.Result missing = classArchive(lib, "--if-stale");
        assertEquals(0, missing.exitCode(), missing.output());
        assertTrue(missing.output().startsWith("built      " + archive + " (class data for this jar and Java 1"),
                missing.output());
        String stamp = Files.readString(madeFor);
        assertTrue(stamp.startsWith(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString()),
                stamp);
        FileTime made = Files.getLastModifiedTime(archive);

        HostTools.Result fresh = classArchive(lib, "--if-stale");
        assertEquals(0, fresh.exitCode(), fresh.output());
        assertEquals("", fresh.output(), "an archive that fits is left alone");
        assertEquals(made, Files.getLastModifiedTime(archive));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        HostTools.Result changed = classArchive(lib, "--if-stale");
        assertTrue(changed.output().startsWith("built      " + archive), changed.output());
        assertNotEquals(stamp, Files.readString(madeFor));

        HostTools.Result used = HostTools.run(dir, List.of(HostTools.java(), "-Xmx48m", "-XX:+UseSerialGC",
                "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "-jar", jar.toString(), "--version"));
        assertEquals(0, used.exitCode(), used.output());
        assertTrue(used.output().contains("dev.rivulet.cli.Main source: shared objects file (top)"), used.output());
    }

    /**
     * A gateway set to run on the Zero VM ({@code -zero} in {@code RIVULET_JAVA_OPTS}, as README's drop-in sets it)
     * gets no archive, which that VM could not use: install.sh says so, the check before every start says nothing
     * and takes no time, and an archive left from before the switch is removed.
     */
    @Test
    void theZeroVmGetsNoArchiveAndNoAttemptAtEveryStart() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.copy(JAR, lib.resolve("rivulet.jar"));
        Path archive = lib.resolve("rivulet.jsa");
        String zero = "RIVULET_JAVA_OPTS=-zero -Xms8m -Xmx48m -Xss256k -XX:+UseSerialGC";

        HostTools.Result install = classArchive(lib, List.of(zero));
        assertEquals(0, install.exitCode(), install.output());
        assertEquals("no archive " + archive + ": the Zero VM (-zero in RIVULET_JAVA_OPTS) shares no classes\n",
                install.output());
        assertFalse(Files.exists(archive));

        assertTrue(classArchive(lib, List.of()).output().startsWith("built      " + archive), "the unit's own flags");
        HostTools.Result switched = classArchive(lib, List.of(zero), "--if-stale");
        assertEquals(0, switched.exitCode(), switched.output());
        assertEquals("", switched.output());
        assertFalse(Files.exists(archive), "the archive made for the server VM is removed");
        assertFalse(Files.exists(lib.resolve("rivulet.jsa.for")));

        // install.sh runs it without RIVULET_JAVA_OPTS: the flags then come from the unit and its drop-ins, as
        // systemd reads them, so an upgrade of a gateway set to the Zero VM (README's drop-in) makes no archive.
        Path unit = Files.copy(HostTools.repositoryRoot().resolve("systemd/rivulet.service"), dir.resolve("rivulet.service"));
        String dropIn = Files.readAllLines(HostTools.repositoryRoot().resolve("README.md")).stream()
                .filter(line -> line.startsWith("Environment=\"RIVULET_JAVA_OPTS=-zero ")).findFirst()
                .orElseThrow(() -> new AssertionError("README shows no drop-in line for the Zero VM"));
        Files.writeString(Files.createDirectories(dir.resolve("rivulet.service.d")).resolve("override.conf"),
                "[Service]\n" + dropIn + "\n");
        HostTools.Result upgrade = classArchive(lib, List.of("RIVULET_UNIT=" + unit));
        assertEquals("no archive " + archive + ": the Zero VM (-zero in RIVULET_JAVA_OPTS) shares no classes\n",
                upgrade.output());
        assertFalse(Files.exists(archive));
    }

    /** systemd/rivulet-class-archive on {@code lib} with the unit's flags and this JVM's java first on the PATH. */
    private HostTools.Result classArchive(Path lib, String... arguments) {
        return classArchive(lib, List.of(), arguments);
    }

    /** The same with more environment, {@code NAME=VALUE} each. */
    private HostTools.Result classArchive(Path lib, List<String> environment, String... arguments) {
        Path repository = HostTools.repositoryRoot();
        List<String> command = new ArrayList<>(List.of("env",
                "PATH=" + Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"),
                "RIVULET_LIB_DIR=" + lib, "RIVULET_UNIT=" + repository.resolve("systemd/rivulet.service")));
        command.addAll(environment);
        command.addAll(List.of("sh", repository.resolve("systemd/rivulet-class-archive").toString()));
        command.addAll(List.of(arguments));
        return HostTools.run(dir, command);
    }

    private HostTools.Result java(String... arguments) {
        return HostTools.run(dir, command(arguments));
    }

    /** Runs the jar until its output shows {@code line}, then stops it with SIGTERM; its output. */
    private String javaUntil(String line, String... arguments) throws Exception {
        Path out = dir.resolve("until.out");
        Process process = new ProcessBuilder(command(arguments)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!Files.readString(out).contains(line)) {
                assertTrue(process.isAlive(), "ended before '" + line + "': " + Files.readString(out));
                assertTrue(System.nanoTime() < deadline, "no '" + line + "' within a minute: " + Files.readString(out));
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            process.destroy();
            process.waitFor(1, TimeUnit.MINUTES);
        }
        return Files.readString(out);
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:+UseSerialGC", "-Dorg.sqlite.tmpdir=" + dir));
        int jarAt = 0;
        while (jarAt < arguments.length && arguments[jarAt].startsWith("-X")) {
            jarAt++;
        }
        command.addAll(List.of(arguments).subList(0, jarAt));
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(arguments).subList(jarAt, arguments.length));
        return command;
    }
}
