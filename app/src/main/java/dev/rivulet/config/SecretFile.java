package dev.rivulet.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a secret kept in a file of its own (first line), so the main config can be world-readable. */
final class SecretFile {

    private SecretFile() {
    }

    static String read(ConfigNode node, String key, String file) {
        try {
            String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return (newline < 0 ? text : text.substring(0, newline)).strip();
        } catch (IOException e) {
            node.problem(key, file + " cannot be read (" + e.getClass().getSimpleName()
                    + "): check the path and that the rivulet user may read it");
            return null;
        }
    }
}
