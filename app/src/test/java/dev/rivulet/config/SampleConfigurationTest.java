package dev.rivulet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.outputs.OutputKind;
import dev.rivulet.outputs.OutputKinds;
import dev.rivulet.storage.StoreConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The sample {@code rivulet.yaml} and the declarations agree: every key a kind declares is shown in the sample
 * (a commented example counts), and every value the sample shows for a key with a default is that default.
 */
class SampleConfigurationTest {

    /** A commented key inside a section ({@code   # led:}, {@code   #   pin: 22}); never the file's prose. */
    private static final Pattern COMMENTED_KEY = Pattern.compile("^(\\s{2,})# (\\s*[\\w.-]+:(?:\\s|$))");

    @Test
    void theSampleWithItsExamplesUncommentedStillParses() {
        assertFalse(sampleWithExamples().isEmpty());
    }

    @Test
    void everyOutputKindAndKeyIsShownWithItsDefault() {
        Map<String, Map<String, Object>> outputs = section("outputs");
        for (OutputKind.Kind kind : OutputKinds.KINDS) {
            List<Map<String, Object>> shown = outputs.values().stream()
                    .filter(output -> kind.type().equals(output.get("type"))).toList();
            assertFalse(shown.isEmpty(), "the sample shows no output of type " + kind.type());
            for (Key key : kind.keys()) {
                assertTrue(shown.stream().anyMatch(output -> output.containsKey(key.name())),
                        "outputs of type " + kind.type() + ": the sample does not show " + key.name());
                if (key.hasDefault()) {
                    shown.stream().filter(output -> output.containsKey(key.name())).forEach(output ->
                            assertEquals(key.fallback(), String.valueOf(output.get(key.name())),
                                    "outputs of type " + kind.type() + ": the sample's " + key.name() + " is not the default"));
                }
            }
            for (Map<String, Object> output : shown) {
                for (String name : output.keySet()) {
                    assertTrue(name.equals("type") || kind.keys().stream().anyMatch(key -> key.name().equals(name)),
                            "outputs of type " + kind.type() + ": the sample shows " + name + ", which the kind does not declare");
                }
            }
        }
    }

    @Test
    void theSamplesStorageDefaultsAreTheStoresOwn() {
        Map<String, Object> storage = cast(sampleWithExamples().get("storage"));
        StoreConfig defaults = StoreConfig.defaults(Path.of(String.valueOf(storage.get("directory"))));
        assertEquals(defaults.synchronous().name().toLowerCase(Locale.ROOT), storage.get("synchronous"));
        assertEquals(defaults.checkpointsRetained(), storage.get("checkpoints-retained"));
        assertEquals(defaults.outboxMaxMessages(), storage.get("outbox-max-messages"));
        assertEquals(0, storage.get("max-megabytes"), "no size limit but the disk's");
    }

    /** The entries of a section of named entries, such as {@code outputs}. */
    private static Map<String, Map<String, Object>> section(String name) {
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        Map<String, Object> section = cast(sampleWithExamples().get(name));
        section.forEach((key, value) -> entries.put(key, cast(value)));
        return entries;
    }

    /** The sample as YAML, with the commented examples ({@code # led:} ...) taken in. */
    static Map<String, Object> sampleWithExamples() {
        String text = ConfigLoader.sampleText().lines()
                .map(line -> COMMENTED_KEY.matcher(line).replaceFirst("$1$2"))
                .collect(Collectors.joining("\n"));
        return cast(new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(text));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
