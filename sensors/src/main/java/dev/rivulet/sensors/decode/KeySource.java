package dev.rivulet.sensors.decode;

/**
 * Where a decoder finds a reading's key when the payload does not carry one: a topic pattern's {@code +}
 * level, else the whole topic.
 */
final class KeySource {
    private final TopicPattern pattern;

    KeySource(TopicPattern pattern) {
        this.pattern = pattern;
    }

    /** The key for this topic, or null when the topic does not match the pattern. */
    String keyFor(String topic) {
        return pattern == null ? topic : pattern.keyFrom(topic);
    }

    String mismatch(String topic) {
        return "topic '" + topic + "' does not match key pattern '" + pattern + "'";
    }
}
