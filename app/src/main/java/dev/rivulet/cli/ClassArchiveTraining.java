package dev.rivulet.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What {@code rivulet train-archive} loads after the demo, for install.sh's class archive: the classes of the MQTT
 * clients, which the demo (a simulated fleet) never loads and most gateways do. A JVM making an archive with
 * {@code -XX:ArchiveClassesAtExit} keeps every class it loaded, so loading them once here (without running their
 * static initialisers) spares each start of an MQTT gateway parsing and verifying them: 30 to 40 ms of its start on
 * the machine of docs/BENCHMARKS.md ("An MQTT gateway's start").
 *
 * <p>Whole packages are loaded rather than a list of classes, so that the choice cannot go stale as the code changes.
 */
final class ClassArchiveTraining {
    /**
     * Paho's MQTT 5 client (the brokers' default version) and our side of both clients. Every archived class costs
     * resident memory in every start, used or not (the archive is mapped and relocated whole): Paho's 3.1.1 client
     * would add 110 classes for the few gateways configured with it, which load it from the jar as before.
     */
    static final List<String> MQTT_PACKAGES = List.of("org/eclipse/paho/mqttv5/", "dev/rivulet/sensors/mqtt/");

    private ClassArchiveTraining() {
    }

    /** What was loaded: how many classes, and how many the JVM could not load (a library's optional parts). */
    record Loaded(int classes, int skipped) {
    }

    /** Loads, without initialising, every class under {@code packages} (paths with a trailing slash) in {@code jar}. */
    static Loaded load(Path jar, List<String> packages, ClassLoader loader) throws IOException {
        int classes = 0;
        int skipped = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class") || name.startsWith("META-INF/")
                        || packages.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false, loader);
                    classes++;
                } catch (ClassNotFoundException | LinkageError e) {
                    skipped++;
                }
            }
        }
        return new Loaded(classes, skipped);
    }

    /** The jar this class was loaded from; null when it was not loaded from a jar (a build's class folders). */
    static Path ownJar() {
        try {
            Path location = Path.of(ClassArchiveTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? location : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }
}
