package dev.rivulet.config;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** No YAML error shows a secret value, whatever the mistake and wherever it sits. */
class YamlSyntaxProblemTest {

    private static final String SECRET = "Hunter3-SECRET";

    @TestFactory
    Stream<DynamicTest> noSyntaxErrorShowsTheSecret() {
        return Stream.of(
                leakCase("duplicate password key", "brokers:\n  b:\n    url: tcp://x\n    password: " + SECRET
                        + "\n    password: " + SECRET + "\n", "found duplicate key password at line 5, column 5"),
                leakCase("bad indentation right after password", "brokers:\n  b:\n    password: " + SECRET
                        + "\n      url: tcp://x\n", "line 4"),
                leakCase("a tab in the line of a token", "upstream:\n  b:\n\ttoken: " + SECRET + "\n", "TAB"),
                leakCase("a tab before a token's value", "upstream:\n  token:\t" + SECRET + "\n  token: x\n", "duplicate"),
                leakCase("duplicate in a flow mapping", "brokers: {b: {password: " + SECRET + ", password: x}}\n", "duplicate"),
                leakCase("unclosed flow mapping", "upstream: {token:\t" + SECRET + ", a: b\n", "line 2"),
                leakCase("an alias as a password", "brokers: {b: {password: *" + SECRET + "}}\n", "single quotes"),
                leakCase("an anchor-like tag as a password", "brokers: {b: {password: !" + SECRET + "! y}}\n", "single quotes"),
                leakCase("an unknown escape in a quoted password", "brokers: {b: {password: \"Hunter3\\qSECRET\"}}\n",
                        "single quotes"),
                leakCase("a colon inside a password", "brokers:\n  b:\n    password: Hunter3: SECRET\n", "password-file"),
                leakCase("unclosed quote", "brokers:\n  b:\n    password: '" + SECRET + "\n", "line"),
                leakCase("a block scalar password, then bad indentation", "brokers:\n  b:\n    password: |\n      " + SECRET
                        + "\n    x: y\n   z: w\n", "line 6"),
                leakCase("a reserved character", "brokers:\n  b:\n    password: @" + SECRET + "\n", "single quotes"),
                leakCase("a key-password", "tls:\n  key-password: " + SECRET + "\n  key-password: x\n", "duplicate"),
                leakCase("a quoted key", "b:\n  \"password\": " + SECRET + "\n  \"password\": x\n", "duplicate"),
                leakCase("a list item", "users:\n  - token: " + SECRET + "\n    token: x\n", "duplicate"),
                leakCase("a URL with credentials", "brokers:\n  b:\n    url: tcp://gw:" + SECRET + "@h:1883\n"
                        + "    url: tcp://h\n", "duplicate"),
                leakCase("a secret continued on the next line", "brokers:\n  b:\n    password: Hunter3\n      -SECRET\n"
                        + "    password: x\n", "duplicate")
        );
    }

    /** The message tells where ({@code expected}) and holds no part of the secret. */
    private static DynamicTest leakCase(String name, String yaml, String expected) {
        return dynamicTest(name, () -> {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "test.yaml"));
            String message = e.getMessage();
            assertEquals(YamlSyntaxProblem.PATH, e.problems().get(0).path(), message);
            assertTrue(message.contains(expected), message);
            for (String part : List.of(SECRET, "Hunter3", "SECRET")) {
                assertFalse(message.contains(part), part + " leaked in:\n" + message);
            }
        });
    }

    @Test
    void theLineIsShownMaskedWithACaret() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "brokers:\n  b:\n    password: " + SECRET + "\n    password: " + SECRET + "\n", "test.yaml"));
        assertEquals("found duplicate key password at line 4, column 5 (while constructing a mapping at line 3,"
                + " column 5):\n          password: ******\n          ^", e.problems().get(0).message());
    }

    @Test
    void aFileKeyIsShownSinceItIsAPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "brokers:\n  b:\n    password-file: /etc/rivulet/pw\n    password-file: /etc/rivulet/pw\n", "test.yaml"));
        assertTrue(e.getMessage().contains("password-file: /etc/rivulet/pw"), e.getMessage());
    }

    @Test
    void aBadValueUnderASecretKeyIsNotQuoted() {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigNode node = new ConfigNode("upstream", Map.of("token", SECRET), problems, new ArrayList<>());
        node.integer("token", 1, 0, 10);
        node.duration("token", null);
        node.choice("token", "a", "a", "b");
        assertEquals(3, problems.size());
        problems.forEach(problem -> assertFalse(problem.toString().contains(SECRET), problem.toString()));
    }
}
