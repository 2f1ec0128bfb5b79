package dev.rivulet.fleet.connect;

/**
 * One MQTT topic filter and the Kafka topic its messages go to. Matching follows MQTT 5.0 section 4.7: {@code +}
 * is one whole level, {@code #} the rest (including none), and neither matches a topic starting with {@code $}.
 */
public record TopicRoute(String filter, String kafkaTopic) {

    /** The filter as a shared subscription of {@code group}: {@code $share/group/filter} (MQTT 5.0 section 4.8.2). */
    public String sharedFilter(String group) {
        return "$share/" + group + "/" + filter;
    }

    /** Whether a message published to {@code topic} matches the filter. */
    public boolean matches(String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] want = filter.split("/", -1);
        String[] have = topic.split("/", -1);
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals("#")) {
                return true;
            }
            if (i >= have.length || !(want[i].equals("+") || want[i].equals(have[i]))) {
                return false;
            }
        }
        return want.length == have.length;
    }
}
