package dev.rivulet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.decode.DecodeLimits;
import dev.rivulet.sensors.decode.DecodeResult;
import dev.rivulet.sensors.decode.JsonDecoder;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.EngineState;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.Recovery;
import dev.rivulet.streaming.MapWithStateDStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reading the JSON decoder accepts survives the durable path unchanged: decode → write-ahead log
 * ({@link StoreJournal} on a real SQLite file) → checkpoint ({@link Checkpointer}) → restart →
 * {@link CheckpointRecovery}. Readings are random (seeded): absent, null and empty labels, empty keys, any
 * Unicode including surrogate pairs and lone surrogates, keys of 256 emoji (the longest a decoder takes), and
 * extreme doubles; some past the magnitude limit and keys of 16,000 emoji, which must be refused instead.
 */
class AcceptedReadingsSurviveTest {

    private static final long INTERVAL = 1000;
    private static final int ROUNDS = 10;
    private static final int BATCHES = 8;

    private static final double[] EXTREMES = {0, -0.0, 1, -1, Double.MIN_VALUE, -Double.MIN_VALUE, 1e9, -1e9,
        1e9 + 1, 1.2e29, -9e18, 9e18, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, 123456.789, 4.9e-300};

    @TempDir
    Path dir;

    @Test
    void everyAcceptedReadingIsLoggedCheckpointedAndRecoveredEqual() throws Exception {
        Random random = new Random(20_261_121L);
        int accepted = 0;
        int refusedForMagnitude = 0;
        int refusedForLength = 0;
        int longKeys = 0;
        for (int round = 0; round < ROUNDS; round++) {
            boolean wide = round % 2 == 1;
            JsonDecoder decoder = JsonDecoder.builder("doors").keyField("bus").field("in").field("out")
                    .label("stop", "stop").label("route", "route")
                    .limits(wide ? DecodeLimits.DEFAULT.withMaxMagnitude(Double.MAX_VALUE) : DecodeLimits.DEFAULT).build();
            NavigableMap<Long, List<Reading>> batches = new TreeMap<>();
            for (int b = 1; b <= BATCHES; b++) {
                long time = b * INTERVAL;
                List<Reading> readings = new ArrayList<>();
                int messages = random.nextInt(25);
                for (int m = 0; m < messages; m++) {
                    double in = number(random);
                    double out = number(random);
                    int pick = random.nextInt(15);
                    String key = pick == 0 ? "\uD83D\uDE8C".repeat(DecodeLimits.MAX_TEXT_CHARS)
                            : pick == 1 ? "\uD83D\uDE8C".repeat(16_000) : text(random);
                    DecodeResult result = new DecodeResult();
                    decoder.decode("buses/x/door", payload(random, key, in, out), time, result);
                    boolean tooLarge = !wide && (Math.abs(in) > 1e9 || Math.abs(out) > 1e9);
                    if (pick == 1 && !tooLarge) {
                        assertEquals(1, result.rejections().size(), "a key of 16,000 emoji refused");
                        assertTrue(result.rejections().get(0).reason().startsWith("key of 16000 characters is longer"),
                                result.rejections().get(0).reason());
                        refusedForLength++;
                        continue;
                    }
                    if (tooLarge) {
                        assertEquals(1, result.rejections().size(), "refused: in " + in + ", out " + out);
                        assertTrue(result.rejections().get(0).reason().contains("past the limit of ±1.0E9"),
                                result.rejections().get(0).reason());
                        refusedForMagnitude++;
                        continue;
                    }
                    assertEquals(List.of(), result.rejections().stream().map(DecodeResult.Rejection::reason).toList());
                    assertEquals(key, result.readings().get(0).key());
                    longKeys += pick == 0 ? 1 : 0;
                    readings.addAll(result.readings());
                }
                batches.put(time, readings);
                accepted += readings.size();
            }
            roundTrip(dir.resolve("round-" + round), batches, 1 + random.nextInt(BATCHES - 1));
        }
        assertTrue(accepted > 300 && refusedForMagnitude > 10 && refusedForLength > 5 && longKeys > 5,
                accepted + " accepted, " + refusedForMagnitude + " refused for their numbers, " + refusedForLength
                        + " for their keys, " + longKeys + " keys at the limit");
    }

    /** Logs every batch, checkpoints after {@code checkpointAt}, reopens the file and compares what comes back. */
    private static void roundTrip(Path directory, NavigableMap<Long, List<Reading>> batches, int checkpointAt)
            throws Exception {
        RecordCodec codec = new RecordCodec();
        long checkpointTime = checkpointAt * INTERVAL;
        Map<String, NavigableMap<Long, List<?>>> streams = new LinkedHashMap<>();
        try (Store store = SqliteStore.open(StoreConfig.defaults(directory), Clock.systemUTC())) {
            StoreJournal journal = new StoreJournal(store.receiverLog(), codec);
            Checkpointer checkpointer = new Checkpointer(store, codec, journal, new OutboxBuffer(), 1, System::nanoTime);
            for (Map.Entry<Long, List<Reading>> batch : batches.entrySet()) {
                journal.append("doors", batch.getKey(), new ArrayList<>(batch.getValue()));
                if (batch.getKey() == checkpointTime) {
                    streams = stateOf(batches.headMap(checkpointTime, true));
                    checkpointer.batchCompleted(new EngineState(0, INTERVAL, checkpointTime, streams));
                }
            }
        }
        try (Store store = SqliteStore.open(StoreConfig.defaults(directory), Clock.systemUTC())) {
            Recovery recovery = CheckpointRecovery.load(store, codec, INTERVAL).orElseThrow();
            assertEquals(checkpointTime, recovery.state().batchTime());
            assertEquals(streams, recovery.state().streams());
            NavigableMap<Long, Map<String, List<Object>>> expectedLog = new TreeMap<>();
            batches.tailMap(checkpointTime, false).forEach((time, readings) -> {
                if (!readings.isEmpty()) {
                    expectedLog.put(time, Map.of("doors", new ArrayList<>(readings)));
                }
            });
            assertEquals(expectedLog, recovery.logged());
        }
    }

    /** The readings as a received stream, keyed pairs with an optional label, and a mapWithState step. */
    private static Map<String, NavigableMap<Long, List<?>>> stateOf(NavigableMap<Long, List<Reading>> batches) {
        NavigableMap<Long, List<?>> received = new TreeMap<>();
        NavigableMap<Long, List<?>> byStop = new TreeMap<>();
        NavigableMap<Long, List<?>> states = new TreeMap<>();
        batches.forEach((time, readings) -> {
            received.put(time, readings);
            List<Pair<String, Optional<String>>> pairs = new ArrayList<>();
            Map<String, MapWithStateDStream.Stamped<Reading>> latest = new LinkedHashMap<>();
            for (Reading r : readings) {
                pairs.add(Pair.of(r.key(), Optional.ofNullable(r.label("stop"))));
                latest.put(r.key(), new MapWithStateDStream.Stamped<>(r, time));
            }
            byStop.put(time, pairs);
            states.put(time, List.of(new MapWithStateDStream.Step<>(latest, List.of())));
        });
        Map<String, NavigableMap<Long, List<?>>> streams = new LinkedHashMap<>();
        streams.put("received", received);
        streams.put("by-stop", byStop);
        streams.put("latest", states);
        return streams;
    }

    private static byte[] payload(Random random, String key, double in, double out) {
        StringBuilder json = new StringBuilder("{\"bus\":").append(quoted(key))
                .append(",\"in\":").append(in).append(",\"out\":").append(out);
        appendLabel(random, json, "stop");
        appendLabel(random, json, "route");
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Absent, null, empty, a number (kept as its text) or random text. */
    private static void appendLabel(Random random, StringBuilder json, String member) {
        switch (random.nextInt(5)) {
            case 0 -> { }
            case 1 -> json.append(",\"").append(member).append("\":null");
            case 2 -> json.append(",\"").append(member).append("\":\"\"");
            case 3 -> json.append(",\"").append(member).append("\":").append(random.nextInt(1000));
            default -> json.append(",\"").append(member).append("\":").append(quoted(text(random)));
        }
    }

    private static double number(Random random) {
        return random.nextInt(4) == 0 ? EXTREMES[random.nextInt(EXTREMES.length)] : random.nextInt(20);
    }

    /** Short text from ASCII, accented letters, CJK, emoji (surrogate pairs), lone surrogates, NUL and quotes. */
    private static String text(Random random) {
        String[] pieces = {"a", "Z", "7", " ", "é", "ß", "停", "车", "\uD83D\uDE8C", "\uD83C\uDDE9\uD83C\uDDEA", "\uD800",
            "\uDFFF", "\u0000", "\"", "\\", "\n", "\u2028", "\uFFFF"};
        int length = random.nextInt(4) == 0 ? 0 : random.nextInt(30);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    /** A JSON string: control characters and lone surrogates escaped, everything else as raw UTF-8. */
    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pairStart) {
                json.append(c).append(text.charAt(++i));
            } else if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
