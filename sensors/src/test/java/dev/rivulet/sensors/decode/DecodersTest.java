package dev.rivulet.sensors.decode;

import dev.rivulet.sensors.Reading;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodersTest {
    private static final long NOW = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();

    private static DecodeResult decode(PayloadDecoder d, String topic, String payload) {
        DecodeResult out = new DecodeResult();
        d.decode(topic, payload.getBytes(StandardCharsets.UTF_8), NOW, out);
        return out;
    }

    private static String onlyReason(DecodeResult r) {
        assertEquals(0, r.readings().size(), "no reading expected");
        assertEquals(1, r.rejections().size());
        return r.rejections().get(0).reason();
    }

    private final JsonDecoder bus = JsonDecoder.builder("doors").keyField("bus").timeField("ts")
            .field("in", "boardings").field("out", "alightings").label("stop", "stop").build();

    @Test
    void jsonMapsMembersOntoFieldsKeyTimeAndLabels() {
        DecodeResult r = decode(bus, "buses/12/door",
                "{\"bus\":\"12\",\"in\":3,\"out\":1,\"stop\":\"S4\",\"ts\":" + (NOW - 500) + ",\"extra\":{\"a\":[1,2]}}");
        Reading reading = r.readings().get(0);
        assertEquals("12", reading.key());
        assertEquals(NOW - 500, reading.eventTime());
        assertEquals(NOW, reading.arrivalTime());
        assertEquals(3.0, reading.value("boardings"));
        assertEquals(1.0, reading.value("alightings"));
        assertEquals("S4", reading.label("stop"));
    }

    /** A payload in a larger buffer (a replay's line) decodes as a copy of it would, refusals with their bytes. */
    @Test
    void aPayloadInPlaceDecodesAsItsCopy() {
        JsonDecoder small = JsonDecoder.builder("doors").keyField("bus").field("in").label("stop", "stop")
                .limits(new DecodeLimits(40, Duration.ofMinutes(5), Duration.ofDays(7))).build();
        NumberDecoder number = new NumberDecoder("n", "v", "sensors/+/v", DecodeLimits.DEFAULT);
        for (PayloadDecoder decoder : List.of(bus, small, number)) {
            for (String payload : List.of("{\"bus\":\"12\",\"in\":3,\"out\":1,\"stop\":\"S4\"}", "{\"bus\":\"12\"}",
                    "not json", "{\"bus\":\"a bus with a long name\",\"in\":3,\"out\":1}", "21.5")) {
                byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
                byte[] line = new byte[bytes.length + 10];
                System.arraycopy(bytes, 0, line, 4, bytes.length);
                DecodeResult copy = new DecodeResult();
                decoder.decode("sensors/x/v", bytes, NOW, copy);
                DecodeResult inPlace = new DecodeResult();
                decoder.decode("sensors/x/v", line, 4, 4 + bytes.length, NOW, inPlace);
                assertEquals(copy.readings(), inPlace.readings(), payload);
                assertEquals(copy.rejections().size(), inPlace.rejections().size(), payload);
                for (int i = 0; i < copy.rejections().size(); i++) {
                    assertEquals(copy.rejections().get(i).reason(), inPlace.rejections().get(i).reason(), payload);
                    assertArrayEquals(copy.rejections().get(i).raw(), inPlace.rejections().get(i).raw(), payload);
                }
            }
        }
    }

    @Test
    void jsonTimesMayBeSecondsOrIsoInstantsAndDefaultToArrival() {
        JsonDecoder seconds = JsonDecoder.builder("s").keyField("id").field("v").timeField("t").timeInSeconds(true).build();
        assertEquals(NOW - 2000, decode(seconds, "x", "{\"id\":7,\"v\":1,\"t\":" + (NOW / 1000 - 2) + "}").readings().get(0).eventTime());
        assertEquals("7", decode(seconds, "x", "{\"id\":7,\"v\":1}").readings().get(0).key());
        assertEquals(NOW, decode(seconds, "x", "{\"id\":7,\"v\":1}").readings().get(0).eventTime());
        assertEquals(NOW - 60_000, decode(bus, "x", "{\"bus\":\"1\",\"in\":1,\"out\":0,\"ts\":\"2026-11-21T07:59:00Z\"}")
                .readings().get(0).eventTime());
    }

    @Test
    void jsonKeyFromTopicPattern() {
        JsonDecoder d = JsonDecoder.builder("d").keyPattern("buses/+/door").field("in").build();
        assertEquals("42", decode(d, "buses/42/door", "{\"in\":1}").readings().get(0).key());
        assertTrue(onlyReason(decode(d, "trams/42/door", "{\"in\":1}")).contains("does not match"));
    }

    @Test
    void jsonRefusesEveryKindOfBadPayload() {
        String[][] cases = {
                {"not json", "not JSON"},
                {"{\"bus\":\"1\",\"in\":3", "not JSON"},
                {"[1]", "not a JSON object"},
                {"{\"bus\":\"1\",\"in\":\"three\",\"out\":1}", "not a number"},
                {"{\"bus\":\"1\",\"out\":1}", "missing field 'in'"},
                {"{\"in\":1,\"out\":1}", "missing key field 'bus'"},
                {"{\"bus\":\"1\",\"in\":1e999,\"out\":1}", "not finite"},
                {"{\"bus\":\"1\",\"in\":NaN,\"out\":1}", "not JSON"},
                {"{\"bus\":\"1\",\"in\":1,\"out\":1,\"ts\":" + (NOW + Duration.ofHours(1).toMillis()) + "}", "after arrival"},
                {"{\"bus\":\"1\",\"in\":1,\"out\":1,\"ts\":0}", "before arrival"},
                {"{\"bus\":\"1\",\"in\":1,\"out\":1,\"ts\":\"yesterday\"}", "not a time"},
                {"{\"bus\":\"1\",\"in\":1,\"out\":1} {}", "trailing content"},
        };
        for (String[] c : cases) {
            String reason = onlyReason(decode(bus, "t", c[0]));
            assertTrue(reason.contains(c[1]), c[0] + " → " + reason);
        }
        JsonDecoder small = JsonDecoder.builder("s").keyField("bus").field("in").limits(new DecodeLimits(10, Duration.ZERO, Duration.ZERO)).build();
        assertTrue(onlyReason(decode(small, "t", "{\"bus\":\"1\",\"in\":1}")).contains("exceeds the limit of 10 bytes"));
    }

    @Test
    void numbersPastTheMagnitudeLimitAreRefusedByEveryDecoderWithFieldValueAndLimit() {
        String json = "field 'in' is 1.2E29, past the limit of ±1.0E9 (max-magnitude)";
        assertEquals(json, onlyReason(decode(bus, "t", "{\"bus\":\"b\",\"in\":1.2e29,\"out\":0}")));
        assertEquals("field 'out' is -9.0E18, past the limit of ±1.0E9 (max-magnitude)",
                onlyReason(decode(bus, "t", "{\"bus\":\"b\",\"in\":1,\"out\":-9000000000000000000}")));
        assertEquals("field 'v' is 1.0E10, past the limit of ±1.0E9 (max-magnitude)",
                onlyReason(decode(new NumberDecoder("n", "v", null, DecodeLimits.DEFAULT), "t", "1e10")));
        assertEquals("field 'in' is 2.0E9, past the limit of ±1.0E9 (max-magnitude)",
                onlyReason(decode(CsvDecoder.of("c", "key,in", null), "t", "b,2000000000")));
        assertEquals(1e9, decode(bus, "t", "{\"bus\":\"b\",\"in\":1e9,\"out\":-1e9}").readings().get(0).value("boardings"));
        JsonDecoder wide = JsonDecoder.builder("w").keyField("bus").field("in")
                .limits(DecodeLimits.DEFAULT.withMaxMagnitude(Double.MAX_VALUE)).build();
        assertEquals(1.2e29, decode(wide, "t", "{\"bus\":\"b\",\"in\":1.2e29}").readings().get(0).value("in"));
        assertThrows(IllegalArgumentException.class, () -> DecodeLimits.DEFAULT.withMaxMagnitude(0));
        assertThrows(IllegalArgumentException.class, () -> DecodeLimits.DEFAULT.withMaxMagnitude(Double.NaN));
    }

    @Test
    void keysAndLabelsLongerThanTheLimitAreRefusedByEveryDecoder() {
        String longest = "b".repeat(DecodeLimits.MAX_TEXT_CHARS);
        String tooLong = longest + "b";
        assertEquals(longest, decode(bus, "t", "{\"bus\":\"" + longest + "\",\"in\":1,\"out\":0}").readings().get(0).key());
        String json = onlyReason(decode(bus, "t", "{\"bus\":\"" + tooLong + "\",\"in\":1,\"out\":0}"));
        assertTrue(json.startsWith("key of 257 characters is longer than the limit of 256"), json);
        String label = onlyReason(decode(bus, "t", "{\"bus\":\"b\",\"in\":1,\"out\":0,\"stop\":\"" + tooLong + "\"}"));
        assertTrue(label.startsWith("label 'stop' of 257 characters is longer than the limit of 256"), label);
        JsonDecoder byTopic = JsonDecoder.builder("t").field("in").keyPattern("buses/+/door").build();
        assertTrue(onlyReason(decode(byTopic, "buses/" + tooLong + "/door", "{\"in\":1}")).startsWith("key of 257"));
        CsvDecoder csv = CsvDecoder.of("c", "key,in,label:stop", null);
        assertTrue(onlyReason(decode(csv, "t", tooLong + ",1,S1")).startsWith("key of 257"));
        assertTrue(onlyReason(decode(csv, "t", "b,1," + tooLong)).startsWith("label 'stop' of 257"));
        NumberDecoder number = new NumberDecoder("n", "v", "sensors/+/v", DecodeLimits.DEFAULT);
        assertTrue(onlyReason(decode(number, "sensors/" + tooLong + "/v", "21.5")).startsWith("key of 257"));
        String buses = "\uD83D\uDE8C".repeat(DecodeLimits.MAX_TEXT_CHARS);
        assertEquals(buses, decode(bus, "t", "{\"bus\":\"" + buses + "\",\"in\":1,\"out\":0}").readings().get(0).key(),
                "characters as a reader counts them: 256 emoji are 512 UTF-16 units");
        String emoji = onlyReason(decode(bus, "t", "{\"bus\":\"" + buses + "x\",\"in\":1,\"out\":0}"));
        assertTrue(emoji.startsWith("key of 257 characters") && emoji.endsWith("'" + buses.substring(0, 80) + "…'"), emoji);
    }

    @Test
    void bareNumbersKeyedByTopic() {
        NumberDecoder d = new NumberDecoder("tasmota", "temperature", "sensors/+/temperature", DecodeLimits.DEFAULT);
        Reading r = decode(d, "sensors/kitchen/temperature", " 21.5\n").readings().get(0);
        assertEquals("kitchen", r.key());
        assertEquals(21.5, r.value("temperature"));
        assertEquals(NOW, r.eventTime());
        assertTrue(onlyReason(decode(d, "sensors/kitchen/temperature", "warm")).contains("not a number"));
        assertTrue(onlyReason(decode(d, "sensors/kitchen/temperature", "NaN")).contains("not finite"));
        assertTrue(onlyReason(decode(d, "sensors/kitchen/temperature", "Infinity")).contains("not finite"));
        assertTrue(onlyReason(decode(d, "other/kitchen", "1")).contains("does not match"));
        assertEquals("plain/topic", decode(new NumberDecoder("n", "v", null, DecodeLimits.DEFAULT), "plain/topic", "1")
                .readings().get(0).key());
    }

    @Test
    void csvGivesOneReadingPerLineAndRefusesBadLinesAlone() {
        CsvDecoder d = CsvDecoder.of("csv", "key,time,boardings,alightings,label:stop,_", null);
        String payload = "# bus,time,in,out,stop,note\n"
                + "12," + NOW + ",3,1,S4,ok\r\n"
                + "\n"
                + "13," + NOW + ",x,1,S5,bad\n"
                + "14," + NOW + ",2,0,S6\n"
                + "15," + NOW + ",2,0,S6,x,extra\n"
                + "16," + NOW + ",5,2,S7,fine";
        DecodeResult r = decode(d, "t", payload);
        List<Reading> readings = r.readings();
        assertEquals(2, readings.size());
        assertEquals("12", readings.get(0).key());
        assertEquals(3.0, readings.get(0).value("boardings"));
        assertEquals("S4", readings.get(0).label("stop"));
        assertEquals("16", readings.get(1).key());
        assertEquals(3, r.rejections().size());
        assertTrue(r.rejections().get(0).reason().contains("not a number"));
        assertTrue(r.rejections().get(1).reason().contains("5 columns where 6 were expected"));
        assertTrue(r.rejections().get(2).reason().contains("more than 6 columns"));
        assertEquals("13," + NOW + ",x,1,S5,bad", new String(r.rejections().get(0).raw(), StandardCharsets.UTF_8));
    }

    @Test
    void csvColumnsAreCheckedWhenDeclared() {
        assertThrows(IllegalArgumentException.class, () -> CsvDecoder.of("c", "key,time", null));
        assertThrows(IllegalArgumentException.class, () -> CsvDecoder.of("c", "key,,v", null));
    }

    @Test
    void topicPatternsTakeTheFirstPlusLevel() {
        TopicPattern p = new TopicPattern("buses/+/door");
        assertEquals("12", p.keyFrom("buses/12/door"));
        assertNull(p.keyFrom("buses/12/window"));
        assertNull(p.keyFrom("buses/12/door/x"));
        assertNull(p.keyFrom("buses/12"));
        assertEquals("a", new TopicPattern("site/+/+/#").keyFrom("site/a/b/c/d"));
        assertEquals("x/y", new TopicPattern("x/#").keyFrom("x/y"));
        assertThrows(IllegalArgumentException.class, () -> new TopicPattern("a/#/b"));
        assertThrows(IllegalArgumentException.class, () -> new TopicPattern("a/b+/c"));
    }
}
