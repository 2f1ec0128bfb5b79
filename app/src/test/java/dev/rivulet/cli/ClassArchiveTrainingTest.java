package dev.rivulet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTrainingTest {

    @TempDir
    Path dir;

    /** Set by {@link Marked}'s initialiser: loading must not run it. */
    static volatile boolean markedInitialised;

    static final class Marked {
        static {
            markedInitialised = true;
        }
    }

    @Test
    void loadsTheClassesOfTheNamedPackagesWithoutInitialisingThemAndCountsWhatItCannotLoad() throws IOException {
        Path jar = dir.resolve("some.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "dev/rivulet/cli/ClassArchiveTrainingTest$Marked.class", classBytes(Marked.class));
            entry(out, "dev/rivulet/cli/Missing.class", new byte[] {1, 2, 3});
            entry(out, "dev/rivulet/other/Elsewhere.class", new byte[] {1, 2, 3});
            entry(out, "dev/rivulet/cli/notes.txt", new byte[] {1});
        }
        ClassArchiveTraining.Loaded loaded = ClassArchiveTraining.load(jar, List.of("dev/rivulet/cli/"),
                getClass().getClassLoader());
        assertEquals(new ClassArchiveTraining.Loaded(1, 1), loaded);
        assertFalse(markedInitialised, "loaded, not initialised");
    }

    @Test
    void theMqttPackagesHoldPahosClients() throws IOException {
        Path paho = Path.of(classJar(org.eclipse.paho.mqttv5.client.MqttAsyncClient.class));
        ClassArchiveTraining.Loaded loaded = ClassArchiveTraining.load(paho, ClassArchiveTraining.MQTT_PACKAGES,
                getClass().getClassLoader());
        assertTrue(loaded.classes() > 100, loaded.toString());
        assertEquals(0, loaded.skipped(), loaded.toString());
    }

    private static String classJar(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] classBytes(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        try (var in = type.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return in.readAllBytes();
        }
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream body = out;
        body.write(bytes);
        out.closeEntry();
    }
}
