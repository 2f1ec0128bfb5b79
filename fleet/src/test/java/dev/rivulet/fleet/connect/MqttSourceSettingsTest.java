package dev.rivulet.fleet.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class MqttSourceSettingsTest {

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("no broker", Map.of(), "mqtt.broker", "Missing required configuration \"mqtt.broker\""),
                Arguments.of("http broker", Map.of("mqtt.broker", "http://central:1883"), "mqtt.broker",
                        "the scheme must be tcp or ssl: write tcp://host:1883 or ssl://host:8883"),
                Arguments.of("port out of range", Map.of("mqtt.broker", "tcp://central:99999"), "mqtt.broker",
                        "port 99999 is out of range: use a port from 1 to 65535"),
                Arguments.of("filter with $share", Map.of("mqtt.broker", "tcp://central:1883",
                        "mqtt.topics.summaries", "$share/g/rivulet/+/summary"), "mqtt.topics.summaries",
                        "write the filter without $share/GROUP/: the connector adds it from mqtt.shared.group"),
                Arguments.of("# not last", Map.of("mqtt.broker", "tcp://central:1883", "mqtt.topics.alerts", "rivulet/#/alerts"),
                        "mqtt.topics.alerts", "# must be a whole level and the last one, as in rivulet/#"),
                Arguments.of("+ inside a level", Map.of("mqtt.broker", "tcp://central:1883", "mqtt.topics.alerts", "rivulet/gw+/alerts"),
                        "mqtt.topics.alerts", "+ must be a whole level, as in rivulet/+/summary"),
                Arguments.of("group with a slash", Map.of("mqtt.broker", "tcp://central:1883", "mqtt.shared.group", "a/b"),
                        "mqtt.shared.group", "a shared subscription group is one topic level"),
                Arguments.of("bad Kafka topic", Map.of("mqtt.broker", "tcp://central:1883", "kafka.topic.summaries", "fleet summaries"),
                        "kafka.topic.summaries", "not a Kafka topic name: use up to 249 letters, digits"),
                Arguments.of("missing CA file", Map.of("mqtt.broker", "ssl://central:8883", "mqtt.ssl.ca.file", "/nonexistent/ca.pem"),
                        "mqtt.ssl.ca.file", "is not a readable file on this worker"),
                Arguments.of("receive maximum 0", Map.of("mqtt.broker", "tcp://central:1883", "mqtt.receive.maximum", "0"),
                        "mqtt.receive.maximum", "Value must be at least 1"),
                Arguments.of("TLS file on tcp", Map.of("mqtt.broker", "tcp://central:1883", "mqtt.ssl.ca.file", "pom.xml"),
                        "mqtt.ssl.ca.file", "mqtt.ssl.ca.file is set but mqtt.broker is tcp://central:1883: use ssl://host:8883"),
                Arguments.of("password without user", Map.of("mqtt.broker", "tcp://central:1883", "mqtt.password", "secret"),
                        "mqtt.password", "mqtt.password is set without mqtt.username"),
                Arguments.of("two kinds on one filter", Map.of("mqtt.broker", "tcp://central:1883",
                        "mqtt.topics.alerts", "rivulet/+/summary"), "mqtt.topics.alerts",
                        "mqtt.topics.alerts and mqtt.topics.summaries are both rivulet/+/summary"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void aBadSettingIsReportedOnItsKeyWithTheFix(String name, Map<String, String> properties, String key, String message) {
        List<ConfigValue> values = new MqttSourceConnector().validate(properties).configValues();
        ConfigValue value = values.stream().filter(v -> v.name().equals(key)).findFirst().orElseThrow();
        assertTrue(value.errorMessages().stream().anyMatch(m -> m.contains(message)),
                key + " should report '" + message + "' but reports " + value.errorMessages());
        assertThrows(ConfigException.class, () -> new MqttSourceSettings(properties));
    }

    @Test
    void theDefaultsRouteEachKindToItsTopic() {
        Map<String, String> properties = new HashMap<>(Map.of("mqtt.broker", "tcp://central:1883"));
        MqttSourceSettings settings = new MqttSourceSettings(properties);
        assertEquals(List.of(new TopicRoute("rivulet/+/summary", "rivulet.summaries"),
                new TopicRoute("rivulet/+/alerts", "rivulet.alerts"),
                new TopicRoute("rivulet/+/outbox-dropped", "rivulet.outbox-dropped")), settings.routes());
        assertEquals("fleet-a", settings.clientIdPrefix("fleet-a"));
        assertTrue(new MqttSourceConnector().validate(properties).configValues().stream().allMatch(v -> v.errorMessages().isEmpty()));
    }

    static Stream<Arguments> matches() {
        return Stream.of(
                Arguments.of("rivulet/+/summary", "rivulet/gw-1/summary", true),
                Arguments.of("rivulet/+/summary", "rivulet/gw-1/alerts", false),
                Arguments.of("rivulet/+/summary", "rivulet/a/b/summary", false),
                Arguments.of("rivulet/#", "rivulet", true),
                Arguments.of("rivulet/#", "rivulet/gw-1/summary", true),
                Arguments.of("+/gw-1/summary", "$SYS/gw-1/summary", false),
                Arguments.of("rivulet/gw-1/summary", "rivulet/gw-1/summary", true));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("matches")
    void filtersMatchAsMqttSays(String filter, String topic, boolean matches) {
        assertEquals(matches, new TopicRoute(filter, "t").matches(topic));
    }

    @Test
    void gatewayAndIdAreReadFromTheTopLevelOnly() {
        GatewayMessage read = GatewayMessage.read(("{\"schema\":\"rivulet.summary/1\",\"buses\":[{\"id\":\"x\",\"gateway\":\"y\"}],"
                + "\"id\":\"summary/gw-1/60000\",\"gateway\":\"gw-1\"}").getBytes());
        assertEquals(new GatewayMessage("gw-1", "summary/gw-1/60000"), read);
        assertEquals(new GatewayMessage(null, null), GatewayMessage.read("not json".getBytes()));
        assertEquals(new GatewayMessage("gw-2", null),
                GatewayMessage.read("{\"type\":\"outbox-dropped\",\"count\":3,\"gateway\":\"gw-2\"}".getBytes()));
    }
}
