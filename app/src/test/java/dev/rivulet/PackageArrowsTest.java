package dev.rivulet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No arrow runs back up: the configuration file is read above the kinds ({@code configfile}), the kinds declare
 * their keys with {@code config}, the generic config-reading layer, which knows no kind, no broker and no store;
 * a broker's settings and TLS keys are read in {@code broker}; alert rules know no output; no kind knows the gateway.
 * The streaming engine knows nothing of the gateway's packages, and its API ({@code streaming}) reaches its
 * operators ({@code streaming.internal}) only through the {@code Operators} service: internal imports the API,
 * never the reverse.
 */
class PackageArrowsTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/rivulet");

    @ParameterizedTest(name = "{0} imports nothing of {1}")
    @CsvSource({
            "config, sources pipeline alerts outputs signals gateway configfile broker upstream storage sensors streaming"
                    + " checkpoint cli ingest replay status",
            "broker, gateway configfile sources pipeline alerts outputs signals upstream",
            "ops, config configfile broker gateway sources pipeline alerts outputs signals upstream streaming",
            "alerts, outputs gateway configfile",
            "pipeline, gateway configfile outputs",
            "outputs, gateway configfile",
            "sources, gateway configfile pipeline alerts outputs",
            "signals, gateway configfile pipeline alerts outputs sources",
            "streaming, streaming.internal alerts checkpoint cli config configfile gateway ingest ops outputs pipeline"
                    + " replay signals sources status upstream",
            "baseline, gateway configfile pipeline alerts outputs sources signals replay config",
    })
    void noArrowBackUp(String from, String forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve(from))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String imported = line.replaceFirst("^import static ", "import ");
                    for (String to : forbidden.split(" ")) {
                        if (imported.startsWith("import dev.rivulet." + to + ".")) {
                            found.add(file.getFileName() + ": " + line);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found, from + " must not import " + forbidden);
    }
}
