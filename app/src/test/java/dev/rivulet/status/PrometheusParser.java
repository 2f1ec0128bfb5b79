package dev.rivulet.status;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format 0.0.4, written for the tests: it refuses what a
 * Prometheus server would refuse or misread (a sample before its family's TYPE, a family split in two, a
 * duplicate series, a bad name, label or value, a missing final newline) and returns every series with
 * its value, keyed like {@code rivulet_bus_occupancy{bus="bus-1"}}.
 */
final class PrometheusParser {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?|\\.[0-9]+([eE][+-]?[0-9]+)?)|NaN");

    private PrometheusParser() {
    }

    /** Every series and its value, in order; {@link IllegalArgumentException} names the first bad line. */
    static Map<String, Double> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a newline");
        }
        Map<String, Double> series = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> closedFamilies = new HashSet<>();
        String current = null;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                require(helped.add(m.group(1)), number, "second HELP for " + m.group(1));
                current = open(m.group(1), current, closedFamilies, number);
            } else if ((m = TYPE.matcher(line)).matches()) {
                require(!types.containsKey(m.group(1)), number, "second TYPE for " + m.group(1));
                current = open(m.group(1), current, closedFamilies, number);
                types.put(m.group(1), m.group(2));
            } else if (line.startsWith("#")) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                String family = familyOf(name, types);
                require(family.equals(current), number, name + " is outside its family's block (TYPE first)");
                require(VALUE.matcher(m.group(4)).matches(), number, "bad value " + m.group(4));
                String key = name + (m.group(2) == null ? "" : "{" + labels(m.group(3), number) + "}");
                require(!series.containsKey(key), number, "duplicate series " + key);
                series.put(key, Double.parseDouble(m.group(4).replace("Inf", "Infinity")));
            } else {
                throw new IllegalArgumentException("line " + number + " is not HELP, TYPE or a sample: " + line);
            }
        }
        return series;
    }

    /** The series' family: a summary's {@code _sum} and {@code _count} belong to it; a counter ends in _total. */
    private static String familyOf(String name, Map<String, String> types) {
        for (String suffix : new String[] {"_sum", "_count"}) {
            String base = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : null;
            if (base != null && "summary".equals(types.get(base))) {
                return base;
            }
        }
        if ("counter".equals(types.get(name)) && !name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + " should end in _total");
        }
        return name;
    }

    private static String open(String family, String current, Set<String> closed, int number) {
        if (!family.equals(current)) {
            require(closed.add(family), number, "family " + family + " appears in two blocks");
        }
        return family;
    }

    private static String labels(String text, int number) {
        StringBuilder canonical = new StringBuilder();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (m.find() && m.start() == at) {
            canonical.append(canonical.length() == 0 ? "" : ",").append(m.group());
            at = m.end();
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
            }
        }
        require(at == text.length(), number, "bad labels {" + text + "}");
        return canonical.toString();
    }

    private static void require(boolean condition, int number, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("line " + number + ": " + problem);
        }
    }
}
