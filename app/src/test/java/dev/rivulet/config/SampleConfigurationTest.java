package dev.rivulet.config;

import dev.rivulet.archive.ArchiveSettings;
import dev.rivulet.upstream.UpstreamSettings;
import dev.rivulet.configfile.SectionKeys;
import dev.rivulet.broker.BrokerSettings;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.alerts.AlertKind;
import dev.rivulet.alerts.AlertKinds;
import dev.rivulet.outputs.OutputKind;
import dev.rivulet.outputs.OutputKinds;
import dev.rivulet.pipeline.OccupancySettings;
import dev.rivulet.pipeline.PipelineKind;
import dev.rivulet.pipeline.PipelineKinds;
import dev.rivulet.pipeline.VehicleFeedSettings;
import dev.rivulet.sources.Decoder;
import dev.rivulet.sources.GpioInput;
import dev.rivulet.sources.SourceKind;
import dev.rivulet.sources.SourceKinds;
import dev.rivulet.storage.StoreConfig;
import java.nio.file.Path;
import java.util.Collection;
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
 * (a commented example counts), and every value the sample shows for a key with a default is that default, unless
 * its comment says it is an example.
 */
class SampleConfigurationTest {

    /** A commented key inside a section ({@code   # led:}, {@code   #   pin: 22}); never the file's prose. */
    private static final Pattern COMMENTED_KEY = Pattern.compile("^(\\s{2,})# (\\s*[\\w.-]+:(?:\\s|$))");

    /** A value whose comment says it is an example ({@code (example...}): shown, but not the default. */
    private static final Pattern EXAMPLE_VALUE = Pattern.compile("^(\\s*[\\w.-]+:)\\s+[^#\\s][^#]*(#.*\\(example.*)$");

    private static final String EXAMPLE = "(an example)";

    @Test
    void theSampleWithItsExamplesUncommentedStillParses() {
        assertFalse(sampleWithExamples().isEmpty());
    }

    @Test
    void everyOutputKindAndKeyIsShownWithItsDefault() {
        for (Kind<OutputKind> kind : OutputKinds.KINDS) {
            kindIsShown("outputs", kind.type(), kind.keys(), List.of("type"));
        }
    }

    @Test
    void everySourceKindAndKeyIsShownWithItsDefault() {
        for (Kind<SourceKind> kind : SourceKinds.KINDS) {
            kindIsShown("sources", kind.type(), kind.keys(),
                    List.of("type", SourceKinds.BUFFER.name(), SourceKinds.MAX_RATE.name(), SourceKinds.MAX_KEYS.name()));
        }
        Collection<Map<String, Object>> sources = section("sources").values();
        keysAreShown("sources", List.of(SourceKinds.BUFFER, SourceKinds.MAX_RATE, SourceKinds.MAX_KEYS), sources);
        keysAreShown("sources.*.decoder", Decoder.KEYS, sources.stream().filter(source -> source.containsKey("decoder"))
                .map(source -> cast(source.get("decoder"))).toList());
        // Pins come in pairs (one counts boardings, the other alightings): one of them shows each default.
        List<Map<String, Object>> pins = sources.stream().filter(source -> source.containsKey("pins"))
                .flatMap(source -> cast(source.get("pins")).values().stream().map(SampleConfigurationTest::cast)).toList();
        for (Key key : GpioInput.PIN_KEYS) {
            assertTrue(pins.stream().anyMatch(pin -> pin.containsKey(key.name())
                    && (!key.hasDefault() || isDefault(key, pin.get(key.name())))),
                    "sources.*.pins: no pin in the sample shows " + key.name() + (key.hasDefault() ? ": " + key.fallback() : ""));
        }
    }

    @Test
    void everyPipelineKindAndKeyIsShownWithItsDefault() {
        for (Kind<PipelineKind> kind : PipelineKinds.KINDS) {
            kindIsShown("pipelines", kind.type(), kind.keys(), List.of("type"));
        }
        List<Map<String, Object>> occupancy = List.copyOf(section("pipelines").values());
        keysAreShown("pipelines.*.plausibility", OccupancySettings.PLAUSIBILITY_KEYS, nested(occupancy, "plausibility"));
        keysAreShown("pipelines.*.trip-end", OccupancySettings.TRIP_END_KEYS, nested(occupancy, "trip-end"));
        keysAreShown("pipelines.*.occupancy-levels", OccupancySettings.LEVEL_KEYS, nested(occupancy, "occupancy-levels"));
        keysAreShown("pipelines.*.trip-labels", VehicleFeedSettings.TRIP_LABEL_KEYS, nested(occupancy, "trip-labels"));
    }

    @Test
    void everyAlertKindAndKeyIsShownWithItsDefault() {
        for (Kind<AlertKind> kind : AlertKinds.KINDS) {
            kindIsShown("alerts", kind.type(), kind.keys(), List.of("type"));
        }
    }

    @Test
    void everySectionKeyIsShownWithItsDefault() {
        Map<String, Object> sample = sampleWithExamples();
        SectionKeys.SECTIONS.forEach((name, keys) -> sectionIsShown(name, keys, List.of(cast(sample.get(name)))));
        sectionIsShown("upstream", UpstreamSettings.KEYS, List.of(cast(sample.get("upstream"))));
        sectionIsShown("storage.archive", ArchiveSettings.KEYS,
                List.of(cast(cast(sample.get("storage")).get(SectionKeys.ARCHIVE.name()))));
        sectionIsShown("brokers", BrokerSettings.KEYS, section("brokers").values());
    }

    /** Each key is shown with its default, and nothing undeclared is. */
    private static void sectionIsShown(String where, List<Key> keys, Collection<Map<String, Object>> entries) {
        keysAreShown(where, keys, entries);
        for (Map<String, Object> entry : entries) {
            for (String name : entry.keySet()) {
                assertTrue(keys.stream().anyMatch(key -> key.name().equals(name)),
                        where + ": the sample shows " + name + ", which is not declared");
            }
        }
    }

    private static List<Map<String, Object>> nested(List<Map<String, Object>> entries, String key) {
        return entries.stream().filter(entry -> entry.containsKey(key)).map(entry -> cast(entry.get(key))).toList();
    }

    /** The sample shows an entry of this kind under {@code section}, with every key and nothing undeclared. */
    private static void kindIsShown(String section, String type, List<Key> keys, List<String> common) {
        List<Map<String, Object>> shown = section(section).values().stream()
                .filter(entry -> type.equals(entry.get("type"))).toList();
        assertFalse(shown.isEmpty(), "the sample shows no " + section + " of type " + type);
        keysAreShown(section + " of type " + type, keys, shown);
        for (Map<String, Object> entry : shown) {
            for (String name : entry.keySet()) {
                assertTrue(common.contains(name) || keys.stream().anyMatch(key -> key.name().equals(name)),
                        section + " of type " + type + ": the sample shows " + name + ", which the kind does not declare");
            }
        }
    }

    /** Each key is shown in one of {@code entries} at least, and wherever it is shown with its default. */
    private static void keysAreShown(String where, List<Key> keys, Collection<Map<String, Object>> entries) {
        for (Key key : keys) {
            assertTrue(entries.stream().anyMatch(entry -> entry.containsKey(key.name())),
                    where + ": the sample does not show " + key.name());
            if (key.hasDefault()) {
                entries.stream().filter(entry -> entry.containsKey(key.name())).forEach(entry ->
                        assertTrue(isDefault(key, entry.get(key.name())), where + ": the sample shows " + key.name()
                                + ": " + entry.get(key.name()) + ", but its default is " + key.fallback()));
            }
        }
    }

    private static boolean isDefault(Key key, Object shown) {
        if (EXAMPLE.equals(shown)) {
            return true;
        }
        if (shown instanceof Number number) {
            return number.doubleValue() == Double.parseDouble(key.fallback());
        }
        return key.fallback().equals(String.valueOf(shown));
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
                .map(line -> EXAMPLE_VALUE.matcher(line).replaceFirst("$1 \"" + EXAMPLE + "\" $2"))
                .collect(Collectors.joining("\n"));
        return cast(new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(text));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
