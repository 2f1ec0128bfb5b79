package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shaded {@code rivulet.jar} as installed: the service files that Pi4J, SQLite and the logging
 * bridges are found through survived the merge, only the Linux natives a gateway needs are in, and no
 * signature or module descriptor of a dependency breaks the merged jar.
 */
class ShadedJarIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");

    @Test
    void serviceFilesAreMerged() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Set<String> plugins = services(jar, "com.pi4j.extension.Plugin");
            assertTrue(plugins.contains("com.pi4j.plugin.raspberrypi.RaspberryPiPlugin"), plugins.toString());
            assertTrue(plugins.contains("com.pi4j.plugin.gpiod.GpioDPlugin"), plugins.toString());
            assertTrue(services(jar, "java.sql.Driver").contains("org.sqlite.JDBC"));
            assertTrue(services(jar, "org.slf4j.spi.SLF4JServiceProvider")
                    .contains("org.tinylog.slf4j.TinylogSlf4jServiceProvider"));
            assertTrue(services(jar, "org.tinylog.writers.Writer").contains("org.tinylog.writers.RollingFileWriter"));
            assertNotNull(jar.getEntry("org/tinylog/jul/JulTinylogBridge.class"));
        }
    }

    @Test
    void onlyTheLinuxNativesAGatewayNeeds() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> natives = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("org/sqlite/native/") && !n.endsWith("/")).sorted().toList();
            assertEquals(List.of(
                    "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so",
                    "org/sqlite/native/Linux/arm/libsqlitejdbc.so",
                    "org/sqlite/native/Linux/armv6/libsqlitejdbc.so",
                    "org/sqlite/native/Linux/armv7/libsqlitejdbc.so",
                    "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so"), natives);
        }
    }

    @Test
    void noSignaturesNoModuleDescriptorsAndTheResourcesAreIn() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> offending = jar.stream().map(e -> e.getName())
                    .filter(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA)") || n.endsWith("module-info.class"))
                    .toList();
            assertEquals(List.of(), offending);
            for (String resource : List.of("tinylog.properties", "rivulet.yaml", "dev/rivulet/status/status.html")) {
                assertNotNull(jar.getEntry(resource), resource);
            }
            assertNotNull(jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    /**
     * An update over a bus's LTE link pays for every megabyte, and a Pi Zero's SD card holds everything: the jar
     * stays under 8 MB (docs/BENCHMARKS.md has its size by dependency). Raise the limit only with a reason there.
     */
    @Test
    void theJarStaysUnderEightMegabytes() throws IOException {
        long limit = 8L * 1024 * 1024;
        long size = java.nio.file.Files.size(JAR);
        assertTrue(size <= limit, "rivulet.jar is " + size + " bytes, past the limit of " + limit
                + ": see what grew with unzip -l app/target/rivulet.jar, and keep what the gateway does not load out");
    }

    /** {@code rivulet --version} says the version the build wrote into the jar's manifest. */
    @Test
    void versionComesFromTheManifest() throws IOException {
        String version;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        assertNotNull(version, "the build writes Implementation-Version");
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version);
        HostTools.Result result = HostTools.run(JAR.getParent(), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), "--version"));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("rivulet " + version, result.output().strip());
    }

    /** What the gateway never loads stays out: the benchmarks, the examples, Bouncy Castle, protobuf's full runtime. */
    @Test
    void nothingTheGatewayDoesNotLoad() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> unwanted = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("dev/rivulet/bench/") || n.startsWith("dev/rivulet/examples/")
                            || n.startsWith("org/bouncycastle/") || n.startsWith("com/google/transit/")
                            || n.equals("com/google/protobuf/Descriptors.class"))
                    .toList();
            assertEquals(List.of(), unwanted);
        }
    }

    /**
     * The jar carries the sensors module's copies of Paho's counting stream and logger factory, not Paho's
     * (sensors/README.md, "Paho, patched"): a drain spent a fifth of its CPU in the two originals.
     */
    @Test
    void pahosCountingStreamAndLoggerFactoryAreThePatchedCopies() throws Exception {
        try (URLClassLoader jar = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String counting : List.of("org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream",
                    "org.eclipse.paho.client.mqttv3.internal.wire.CountingInputStream")) {
                Class<?> type = Class.forName(counting, false, jar);
                assertDoesNotThrow(() -> type.getDeclaredMethod("read", byte[].class, int.class, int.class),
                        counting + " is Paho's own, which reads a byte at a time");
            }
            for (String factory : List.of("org.eclipse.paho.mqttv5.client.logging.LoggerFactory",
                    "org.eclipse.paho.client.mqttv3.logging.LoggerFactory")) {
                Class<?> type = Class.forName(factory, false, jar);
                assertDoesNotThrow(() -> type.getDeclaredField("catalogues"),
                        factory + " is Paho's own, which looks its catalogue and class up for every token");
            }
        }
    }

    /**
     * The jar's {@code org.sqlite.SQLiteConnectionConfig} is the storage module's, which makes sqlite-jdbc's date format
     * only when asked for (storage/README.md, "sqlite-jdbc, patched"), not sqlite-jdbc's, which made it for every
     * connection: about 300 classes and 1 MiB of a gateway's memory.
     */
    @Test
    void sqliteJdbcsConnectionConfigIsThePatchedOne() throws IOException {
        String entry = "org/sqlite/SQLiteConnectionConfig.class";
        Path patched = HostTools.repositoryRoot().resolve("storage/target/classes").resolve(entry);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(1, jar.stream().filter(e -> e.getName().equals(entry)).count());
            assertArrayEquals(Files.readAllBytes(patched), jar.getInputStream(jar.getEntry(entry)).readAllBytes(),
                    "the jar's " + entry + " is not " + patched);
        }
    }

    /**
     * Every class that Pi4J, Paho, sqlite-jdbc and the GTFS-Realtime classes (with protobuf-javalite) refer to is in the jar: jdeps lists each reference the jar
     * cannot resolve. (A test-scoped slf4j-api once overrode the copy Pi4J brings, and every GPIO
     * configuration died at start with NoClassDefFoundError while the suite, with slf4j on its classpath, passed.)
     */
    @Test
    void everyClassPi4jPahoAndSqliteReferToIsInTheJar() {
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        HostTools.Result result = HostTools.run(JAR.getParent(), List.of(jdeps.toString(), "--multi-release", "17",
                "--missing-deps", JAR.toString()));
        List<String> missing = result.output().lines()
                .filter(line -> line.trim().matches("(com\\.pi4j|org\\.eclipse\\.paho|org\\.sqlite|com\\.google\\.(transit|protobuf))\\..*not found"))
                .toList();
        assertEquals(List.of(), missing, "classes referred to but missing from rivulet.jar");
    }

    private static Set<String> services(JarFile jar, String service) throws IOException {
        var entry = jar.getEntry("META-INF/services/" + service);
        assertNotNull(entry, "no META-INF/services/" + service);
        String text = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\n")).map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
    }
}
