package dev.rivulet.sensors.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The recording format as operators write it by hand or convert it from mosquitto_sub captures. */
class RecordingReaderTest {

    @Test
    void findsTheFirstNewlineAsAByteByByteSearchWould() {
        // Bytes next to a newline's value (0x0B, 0x09, 0x8A, 0x0A + 0x80) are where a word-at-a-time search would err.
        byte[] alphabet = {'\n', 0x0B, 0x09, (byte) 0x8A, (byte) 0xFF, 0x00, 'a', '"', 0x01};
        Random random = new Random(22);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            int expected = -1;
            for (int i = from; i < to; i++) {
                if (bytes[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, RecordingReader.newlineIn(bytes, from, to), () -> Arrays.toString(bytes));
        }
    }

    @Test
    void readsTheDocumentedFormatPlainAndInBase64() throws Exception {
        String text = """
                {"time": 1764936000000, "topic": "buses/12/door", "payload": "{\\"in\\":3,\\"out\\":1}"}
                {"time":1764936000500,"topic":"pins/raw","payloadBase64":"AAEC/w=="}
                """;
        List<RecordedMessage> messages = readAll(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, messages.size());
        assertEquals(1764936000000L, messages.get(0).time());
        assertEquals("buses/12/door", messages.get(0).topic());
        assertEquals("{\"in\":3,\"out\":1}", new String(messages.get(0).payload(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, messages.get(1).payload());
    }

    /** A replay reads lines in place: the same messages as {@link RecordingReader#next()}, whatever the payload's form. */
    @Test
    void linesInPlaceAreTheMessagesNextGives() throws Exception {
        String text = """
                {"time": 1, "topic": "buses/12/door", "payload": "{\\"in\\":3,\\"out\\":1,\\"stop\\":\\"S4 \\u00e9\\"}"}
                {"time":2,"topic":"pins/raw","payloadBase64":"AAEC/w=="}
                {"time":3,"topic":"t","payload":"plain text, longer than a word","batch":7,"seq":9}
                {"payload":"\\"first\\"","topic":"\\u0074","tst":"2026-12-05T12:31:51.191205Z+0000"}
                {"time":5,"topic":"t","payload":"é non-ASCII, read by Jackson"}
                """;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<RecordedMessage> expected = readAll(bytes);
        assertEquals(5, expected.size());
        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(bytes), "lines.jsonl")) {
            RecordedLine first = null;
            for (RecordedMessage message : expected) {
                RecordedLine line = reader.nextLine();
                first = first == null ? line : first;
                assertTrue(first == line, "one line, filled again");
                assertEquals(message.time(), line.time());
                assertEquals(message.topic(), line.topic());
                assertArrayEquals(message.payload(),
                        Arrays.copyOfRange(line.payloadData(), line.payloadFrom(), line.payloadTo()));
                assertEquals(message.payload().length, line.payloadLength());
                assertEquals(message.batch(), line.batch());
                assertEquals(message.sequence(), line.sequence());
                assertEquals(message.archived(), line.archived());
                assertArrayEquals(message.payload(), line.toMessage().payload());
            }
            assertNull(reader.nextLine());
        }
    }

    @Test
    void blankLinesCrLfExtraMembersAndANoFinalNewlineAreFine() throws Exception {
        String text = "\r\n{\"qos\":1,\"time\":5,\"retain\":false,\"topic\":\"t\",\"payload\":\"é\",\"x\":{\"y\":[1]}}\r\n  \n"
                + "{\"time\":6,\"topic\":\"t\",\"payload\":\"\"}";
        List<RecordedMessage> messages = readAll(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(5L, 6L), messages.stream().map(RecordedMessage::time).toList());
        assertEquals("é", new String(messages.get(0).payload(), StandardCharsets.UTF_8));
    }

    /** What mosquitto 2.0's {@code mosquitto_sub -F %j} prints, seen on this machine's mosquitto. */
    @Test
    void mosquittoSubJsonOutputIsARecordingAsItIs() throws Exception {
        String text = "{\"tst\":\"2026-12-05T12:31:51.191205Z+0000\",\"topic\":\"buses/door\",\"qos\":0,\"retain\":0,"
                + "\"payloadlen\":19,\"payload\":\"{\\\"bus\\\":\\\"b1\\\",\\\"in\\\":2}\"}\n"
                + "{\"tst\":\"2026-12-05T13:31:51.5+0100\",\"topic\":\"t\",\"payload\":\"x\"}\n";
        List<RecordedMessage> messages = readAll(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(1_796_473_911_191L, messages.get(0).time());
        assertEquals("{\"bus\":\"b1\",\"in\":2}", new String(messages.get(0).payload(), StandardCharsets.UTF_8));
        assertEquals(1_796_473_911_500L, messages.get(1).time());
    }

    @Test
    void aBadLineIsReportedWithItsNumberAndReadingGoesOn() throws Exception {
        String text = """
                {"time":1,"topic":"t","payload":"a"}
                not json
                {"time":"soon","topic":"t","payload":"b"}
                {"time":2,"payload":"c"}
                {"time":3,"topic":"t"}
                {"time":4,"topic":"t","payload":"d","payloadBase64":"ZA=="}
                {"time":5,"topic":"t","payloadBase64":"%%%"}
                {"time":6,"topic":"t","payload":"e"} {"time":7}
                [1,2]
                {"time":8,"topic":"t","payload":"f"}
                """;
        List<String> problems = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "capture.jsonl")) {
            while (true) {
                try {
                    RecordedMessage message = reader.next();
                    if (message == null) {
                        break;
                    }
                    times.add(message.time());
                } catch (RecordingException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        assertEquals(List.of(1L, 8L), times);
        assertEquals(8, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("capture.jsonl, line 2: not JSON"), problems.get(0));
        assertEquals("capture.jsonl, line 3: \"time\" must be whole milliseconds since the epoch", problems.get(1));
        assertEquals("capture.jsonl, line 4: no \"topic\"", problems.get(2));
        assertEquals("capture.jsonl, line 5: no \"payload\" (UTF-8 text) or \"payloadBase64\"", problems.get(3));
        assertEquals("capture.jsonl, line 6: both \"payload\" and \"payloadBase64\": give one", problems.get(4));
        assertTrue(problems.get(5).startsWith("capture.jsonl, line 7: \"payloadBase64\" is not base64"), problems.get(5));
        assertEquals("capture.jsonl, line 8: more than one JSON object on the line", problems.get(6));
        assertEquals("capture.jsonl, line 9: not a JSON object", problems.get(7));
    }

    @Test
    void aLineLongerThanTheLimitIsSkippedAndTheNextOneRead() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("{\"time\":1,\"topic\":\"t\",\"payload\":\"".getBytes(StandardCharsets.UTF_8));
        bytes.write("x".repeat(RecordingReader.MAX_LINE_BYTES + 10).getBytes(StandardCharsets.UTF_8));
        bytes.write("\"}\n{\"time\":2,\"topic\":\"t\",\"payload\":\"ok\"}\n".getBytes(StandardCharsets.UTF_8));
        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(bytes.toByteArray()), "big")) {
            RecordingException tooLong = assertThrows(RecordingException.class, reader::next);
            assertEquals(1, tooLong.line());
            assertEquals(2, reader.next().time());
            assertNull(reader.next());
        }
    }

    @Test
    void anArchiveLineCarriesItsBatchAndSequenceAndTheWriterWritesThem() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RecordingWriter writer = new RecordingWriter(bytes)) {
            writer.write(new RecordedMessage(1_999, "buses/1/door", "{}".getBytes(StandardCharsets.UTF_8), 2_000, 17));
            writer.write(new RecordedMessage(2_001, "buses/1/door", "{}".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals("""
                {"time":1999,"topic":"buses/1/door","payload":"{}","batch":2000,"seq":17}
                {"time":2001,"topic":"buses/1/door","payload":"{}"}
                """, bytes.toString(StandardCharsets.UTF_8));
        List<RecordedMessage> read = readAll(bytes.toByteArray());
        assertEquals(2_000, read.get(0).batch());
        assertEquals(17, read.get(0).sequence());
        assertTrue(read.get(0).archived());
        assertFalse(read.get(1).archived());

        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(
                "{\"time\":1,\"topic\":\"t\",\"payload\":\"a\",\"batch\":1000}\n".getBytes(StandardCharsets.UTF_8)), "a")) {
            assertEquals("a, line 1: \"batch\" and \"seq\" come together (an archive's lines), or not at all",
                    assertThrows(RecordingException.class, reader::next).getMessage());
        }
    }

    /** What the writer writes, plain or as concatenated gzip members (how an archive appends), reads back the same. */
    @Test
    void whatTheWriterWritesReadsBackTheSamePlainAndGzipped() throws Exception {
        Random random = new Random(22);
        List<RecordedMessage> written = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            byte[] payload = new byte[random.nextInt(200)];
            random.nextBytes(payload);
            if (i % 2 == 0) {
                payload = ("{\"bus\":\"" + i + "\",\"in\":" + random.nextInt(5) + ",\"label\":\"ü\\\"\\n\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            written.add(new RecordedMessage(1_764_936_000_000L + i, "buses/" + i + "/door", payload));
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (RecordingWriter writer = new RecordingWriter(plain)) {
            for (RecordedMessage message : written) {
                writer.write(message);
            }
        }
        assertSame(written, readAll(plain.toByteArray()));

        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        for (List<RecordedMessage> member : List.of(written.subList(0, 700), written.subList(700, written.size()))) {
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            try (RecordingWriter writer = new RecordingWriter(new GZIPOutputStream(one))) {
                for (RecordedMessage message : member) {
                    writer.write(message);
                }
            }
            gzipped.write(one.toByteArray());
        }
        assertSame(written, readAll(gzipped.toByteArray()));
    }

    private static void assertSame(List<RecordedMessage> expected, List<RecordedMessage> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).time(), actual.get(i).time());
            assertEquals(expected.get(i).topic(), actual.get(i).topic());
            assertArrayEquals(expected.get(i).payload(), actual.get(i).payload(), "message " + i);
        }
    }

    private static List<RecordedMessage> readAll(byte[] bytes) throws IOException, RecordingException {
        List<RecordedMessage> messages = new ArrayList<>();
        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(bytes), "test")) {
            for (RecordedMessage message = reader.next(); message != null; message = reader.next()) {
                messages.add(message);
            }
        }
        return messages;
    }
}
