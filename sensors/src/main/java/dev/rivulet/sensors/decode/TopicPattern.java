package dev.rivulet.sensors.decode;

import java.util.Objects;

/**
 * An MQTT topic filter whose first {@code +} level names the reading's key: {@code buses/+/door} matches
 * {@code buses/12/door} with key {@code 12}. A trailing {@code #} matches any remaining levels.
 */
public final class TopicPattern {
    private final String filter;
    private final String[] levels;

    public TopicPattern(String filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#") && i != levels.length - 1) {
                throw new IllegalArgumentException("'#' must be the last level of topic filter '" + filter + "'");
            }
            if (level.length() > 1 && (level.contains("+") || level.contains("#"))) {
                throw new IllegalArgumentException("wildcards must fill a whole level in topic filter '" + filter + "'");
            }
        }
    }

    public String filter() {
        return filter;
    }

    /** The topic's level at this pattern's first {@code +}, the whole topic when the pattern has no {@code +}, or null when the topic does not match. */
    public String keyFrom(String topic) {
        String key = null;
        int start = 0;
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                return key == null ? topic : key;
            }
            if (start > topic.length()) {
                return null;
            }
            int end = topic.indexOf('/', start);
            if (end < 0) {
                end = topic.length();
            }
            if (level.equals("+")) {
                if (key == null) {
                    key = topic.substring(start, end);
                }
            } else if (!topic.regionMatches(start, level, 0, level.length()) || end - start != level.length()) {
                return null;
            }
            start = end + 1;
        }
        if (start <= topic.length()) {
            return null;
        }
        return key == null ? topic : key;
    }

    public boolean matches(String topic) {
        return keyFrom(topic) != null;
    }

    @Override
    public String toString() {
        return filter;
    }
}
