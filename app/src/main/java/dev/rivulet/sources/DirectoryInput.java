package dev.rivulet.sources;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.directory.DirectorySource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code type: directory}: new files in a folder, each line a reading (files present at start are skipped).
 *
 * @param name    the source's name
 * @param limits  what the source may buffer and take: buffer, max-rate, max-keys
 * @param path    the folder to watch
 * @param decoder how a line becomes a reading
 */
public record DirectoryInput(String name, SourceLimits limits, String path, Decoder decoder) implements SourceKind {

    private static final Key PATH = new Key("path", Key.Type.STRING, "", "the folder to watch");

    static final Kind<SourceKind> KIND = new Kind<>("directory", List.of(PATH, Decoder.DECODER), DirectoryInput::read);

    private static DirectoryInput read(String name, ConfigNode node) {
        return new DirectoryInput(name, SourceLimits.read(node),
                PATH.required(node), Decoder.read(node));
    }

    @Override
    public Source open(SourceLinks links) {
        return new DirectorySource(name, Path.of(path), decoder.open(name), Duration.ofSeconds(1), 64L * 1024 * 1024,
                false, links.filesRead().apply(name), links.clock()::wallTimeMillis);
    }
}
