package dev.rivulet.sensors.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner takes only what Jackson takes, and reads it as Jackson does: every input it takes, whether written
 * by hand or made at random from JSON's grammar and then damaged, gives the same members, kinds, texts, numbers
 * and bytes through Jackson's own parser.
 */
class FlatJsonScannerTest {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** One member as a reader gave it. */
    private record Member(String name, FlatMembers.Kind kind, String text, Double number, byte[] utf8) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Member m && name.equals(m.name) && kind == m.kind && text.equals(m.text)
                    && java.util.Objects.equals(number, m.number)
                    && java.util.Arrays.equals(utf8, m.utf8);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    @Test
    void takesTheCommonPayloadsAndReadsThemAsJacksonDoes() throws IOException {
        for (String json : List.of(
                "{\"bus\":\"12\",\"in\":3,\"out\":1,\"stop\":\"S4\",\"ts\":1732150000000}",
                " { \"a\" : -0 , \"b\" : -0.0 , \"c\" : 1e3 , \"d\" : 2.5E-3 , \"e\" : true , \"f\" : null } \n",
                "{}",
                "{\"payload\":\"{\\\"bus\\\":\\\"7\\\",\\\"n\\\":\\\"tab\\there \\u00e9\\u20ac\\/\\\\\\\"}\"}",
                "{\"big\":123456789012345678,\"neg\":-123456789012345678,\"f\":0.1}",
                "{\"dup\":1,\"dup\":2}")) {
            assertTrue(new FlatJsonScanner().scan(bytes(json), 0, bytes(json).length), json);
            assertEquals(jackson(json), scanned(json), json);
        }
    }

    @Test
    void declinesWhatItDoesNotTakeSoThatJacksonSaysWhatIsWrong() {
        for (String json : List.of(
                "", "[]", "{", "{\"a\":1", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":01}", "{\"a\":1.}",
                "{\"a\":.5}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":tru}", "{\"a\":truex}",
                "{\"a\":1x}", "{\"a\":\"x\"} {}", "{\"a\":{\"b\":1}}", "{\"a\":[1]}", "{\"a\\n\":1}",
                "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\t\"}", "{\"é\":1}", "{\"a\":\"é\"}",
                "\uFEFF{\"a\":1}", "{\"a\":1234567890123456789}", "{\"a\":1.00000000000000000000000000000000000000000000001}",
                "{\"a\":\"\\u12\"}")) {
            byte[] data = bytes(json);
            assertFalse(new FlatJsonScanner().scan(data, 0, data.length), json);
        }
    }

    @Test
    void readsOnlyTheRangeItIsGiven() throws IOException {
        byte[] line = bytes("xx{\"time\":5,\"topic\":\"t\"}\nyy");
        FlatJsonScanner scanner = new FlatJsonScanner();
        assertTrue(scanner.scan(line, 2, line.length - 3));
        assertTrue(scanner.next());
        assertTrue(scanner.nameIs("time"));
        assertEquals(5, scanner.longValue());
        assertTrue(scanner.next());
        assertTrue(scanner.textIs("t"));
        assertFalse(scanner.next());
    }

    @Test
    void randomObjectsAndTheirDamagedCopiesAreTakenOnlyWhenJacksonReadsThemTheSame() throws IOException {
        Random random = new Random(8259);
        int taken = 0;
        int declined = 0;
        for (int round = 0; round < 20_000; round++) {
            String json = randomObject(random);
            if (random.nextInt(3) == 0) {
                json = damaged(random, json);
            }
            byte[] data = bytes(json);
            if (new FlatJsonScanner().scan(data, 0, data.length)) {
                taken++;
                List<Member> viaJackson;
                try {
                    viaJackson = jackson(json);
                } catch (IOException e) {
                    fail("taken by the scanner but refused by Jackson: " + json + " (" + e.getMessage() + ")");
                    return;
                }
                assertEquals(viaJackson, scanned(json), json);
            } else {
                declined++;
            }
        }
        assertTrue(taken > 5_000 && declined > 2_000, "both paths exercised: " + taken + " taken, " + declined);
    }

    /**
     * Long strings (past the eight bytes read at once) with escapes anywhere: their bytes in place are Jackson's,
     * asked for in any order, twice, the scan having unescaped only the last escaped one.
     */
    @Test
    void stringsInPlaceAreJacksonsBytesAskedForInAnyOrder() throws IOException {
        Random random = new Random(22);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder json = new StringBuilder("{");
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                json.append(i > 0 ? "," : "").append("\"m").append(i).append("\":\"");
                for (int piece = random.nextInt(12); piece > 0; piece--) {
                    json.append(text(random).replace("\\uD83D\\uDE00", "").replace("é", "").replace("€", ""));
                    json.append("abcdefghij", 0, random.nextInt(11));
                }
                json.append('"');
            }
            String object = json.append('}').toString();
            byte[] data = bytes(object);
            List<Member> expected = jackson(object);
            FlatJsonScanner scanner = new FlatJsonScanner();
            assertTrue(scanner.scan(data, 0, data.length), object);
            for (int i = 0; scanner.next(); i++) {
                assertArrayEquals(expected.get(i).utf8(), inPlace(scanner), object);
                assertArrayEquals(expected.get(i).utf8(), inPlace(scanner), object);
            }
            // Member by member from the last, each first asked right after a scan.
            for (int i = count - 1; i >= 0; i--) {
                assertTrue(scanner.scan(data, 0, data.length), object);
                for (int k = 0; k <= i; k++) {
                    assertTrue(scanner.next());
                }
                assertArrayEquals(expected.get(i).utf8(), inPlace(scanner), object);
                assertArrayEquals(expected.get(i).utf8(), scanner.utf8(), object);
                assertArrayEquals(expected.get(i).utf8(), inPlace(scanner), object);
            }
        }
    }

    private static byte[] inPlace(FlatJsonScanner scanner) {
        byte[] data = scanner.utf8InPlace();
        return Arrays.copyOfRange(data, scanner.utf8From(), scanner.utf8To());
    }

    private static List<Member> scanned(String json) throws IOException {
        FlatJsonScanner scanner = new FlatJsonScanner();
        byte[] data = bytes(json);
        assertTrue(scanner.scan(data, 0, data.length));
        return members(scanner);
    }

    private static List<Member> jackson(String json) throws IOException {
        byte[] data = bytes(json);
        try (JacksonMembers members = new JacksonMembers(JSON.createParser(data))) {
            return members(members);
        }
    }

    private static List<Member> members(FlatMembers members) throws IOException {
        List<Member> out = new ArrayList<>();
        if (!members.isObject()) {
            throw new IOException("not an object");
        }
        while (members.next()) {
            FlatMembers.Kind kind = members.kind();
            Double number = kind == FlatMembers.Kind.INT || kind == FlatMembers.Kind.FLOAT ? members.doubleValue() : null;
            if (kind == FlatMembers.Kind.INT) {
                assertEquals((double) members.longValue(), number);
            }
            byte[] utf8 = kind == FlatMembers.Kind.STRING ? members.utf8() : null;
            if (kind == FlatMembers.Kind.STRING && !members.text().isEmpty()) {
                assertTrue(members.textIs(members.text()) || members instanceof FlatJsonScanner,
                        "Jackson's textIs agrees with its text");
            }
            out.add(new Member(members.name(), kind, members.text(), number, utf8));
        }
        if (!members.closed() || members.trailing()) {
            throw new IOException("not one object");
        }
        return out;
    }

    private static String randomObject(Random random) {
        StringBuilder json = new StringBuilder(space(random)).append('{');
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                json.append(space(random)).append(',');
            }
            json.append(space(random)).append('"').append(name(random)).append('"').append(space(random)).append(':')
                    .append(space(random)).append(value(random));
        }
        return json.append(space(random)).append('}').append(space(random)).toString();
    }

    private static String value(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> "\"" + text(random) + "\"";
            case 1 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 2 -> Double.toString((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
            case 3 -> (random.nextBoolean() ? "-" : "") + random.nextInt(100) + "." + random.nextInt(1000)
                    + (random.nextBoolean() ? "e" + (random.nextBoolean() ? "-" : "+") + random.nextInt(30) : "");
            case 4 -> random.nextBoolean() ? "true" : "false";
            case 5 -> "null";
            default -> "\"" + name(random) + "\"";
        };
    }

    private static String name(Random random) {
        String letters = "abcdefghijklmnopqrstuvwxyz_-0123456789";
        StringBuilder name = new StringBuilder();
        for (int i = random.nextInt(8); i >= 0; i--) {
            name.append(letters.charAt(random.nextInt(letters.length())));
        }
        return name.toString();
    }

    private static String text(Random random) {
        String[] pieces = {"a", "Z", "7", " ", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041",
            "\\u00e9", "\\u20ac", "\\u0000", "\\uD83D\\uDE00", "é", "€", "{", "}", ":", ","};
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static String space(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> " ";
            case 1 -> "\t\n";
            case 2 -> "\r\n ";
            default -> "";
        };
    }

    /** The object with one character removed, doubled or replaced by one JSON uses. */
    private static String damaged(Random random, String json) {
        if (json.isEmpty()) {
            return "{";
        }
        int at = random.nextInt(json.length());
        String symbols = "{}[]\":,\\ -+.eE0129tfn\u00e9";
        char symbol = symbols.charAt(random.nextInt(symbols.length()));
        return switch (random.nextInt(3)) {
            case 0 -> json.substring(0, at) + json.substring(at + 1);
            case 1 -> json.substring(0, at) + json.charAt(at) + json.substring(at);
            default -> json.substring(0, at) + symbol + json.substring(at + 1);
        };
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
