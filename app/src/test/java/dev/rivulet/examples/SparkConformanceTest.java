package dev.rivulet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Rivulet against Apache Spark Streaming 3.5: each {@code NAME.csv} beside a {@code NAME.expected.tsv}
 * (Spark's output for it) must give the identical file. The cases kept in this repository always run;
 * those in {@code shared/conformance} beside the checkout run too when it is there.
 */
class SparkConformanceTest {

    @TestFactory
    Stream<DynamicTest> matchesSparkByteForByte() throws IOException {
        List<Path> inputs = new ArrayList<>();
        for (Path folder : List.of(Path.of("src/test/resources/conformance"), Path.of("../../shared/conformance"))) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    files.filter(file -> file.toString().endsWith(".csv")).sorted().forEach(inputs::add);
                }
            }
        }
        assertFalse(inputs.isEmpty(), "no conformance case found");
        return inputs.stream().map(csv -> dynamicTest(csv.toString(), () -> {
            Path expected = csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".expected.tsv"));
            List<String> actual = SparkConformance.run(Files.readAllLines(csv, StandardCharsets.UTF_8));
            assertEquals(String.join("\n", Files.readAllLines(expected, StandardCharsets.UTF_8)), String.join("\n", actual));
        }));
    }
}
