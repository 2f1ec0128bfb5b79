package dev.rivulet.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a configuration's text holds secret values ({@code password: ...}, {@code token: ...}), found line by
 * line without parsing, since it must work on text that does not parse: the YAML error that quotes a line is
 * exactly the case to cover. A secret's line is masked from its key's colon to the end, and so is every line
 * after it indented deeper than the key (a block scalar, a plain value folded over lines). Masking too much
 * costs a little context in an error; masking too little leaks a password into the journal.
 */
public final class SecretValues {

    /** A key at the start of a line or after {@code {}, {@code ,}, {@code -} or {@code ?}; quoted or not. */
    private static final Pattern KEY = Pattern.compile("(?<=^|[\\s{,\\[?-])([\"']?)([A-Za-z0-9_.-]+)\\1[ \\t]*:(?=[ \\t]|$)");

    /**
     * A masked stretch of one line: from {@code column} to its end. The value itself ends at {@code end}, before
     * the rest of a flow mapping ({@code {password: x, url: y}}), which is masked too but is not the secret.
     */
    public record Span(int line, int keyLine, int column, int end, String key, String text) {
    }

    private final List<String> masked = new ArrayList<>();
    private final List<Span> spans = new ArrayList<>();

    private SecretValues(String yaml) {
        String[] lines = yaml.split("\r?\n|\r", -1);
        String key = null;
        int keyColumn = -1;
        int keyLine = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int indent = indentation(line);
            if (key != null && (indent > keyColumn || line.isBlank())) {
                mask(i, keyLine, line, indent, line.length(), key);
                continue;
            }
            key = null;
            // A key in a comment is an example, not a value (the sample's "#   password: secret").
            int comment = commentStart(line);
            Matcher matcher = KEY.matcher(line).region(0, comment);
            while (matcher.find()) {
                if (isSecretKey(matcher.group(2))) {
                    key = matcher.group(2);
                    keyColumn = matcher.start();
                    keyLine = i;
                    // "password:" alone: its value, if any, is on the lines below.
                    if (!line.substring(matcher.end(), comment).isBlank()) {
                        boolean flow = line.lastIndexOf('{', matcher.start()) >= 0 || line.lastIndexOf('[', matcher.start()) >= 0;
                        mask(i, i, line, matcher.end(), valueEnd(line, matcher.end(), flow), key);
                    }
                    break;
                }
            }
            if (masked.size() == i) {
                masked.add(Secrets.maskUriPassword(line));
            }
        }
    }

    /** The secret values in a configuration's text. */
    public static SecretValues in(String yaml) {
        return new SecretValues(yaml);
    }

    /**
     * Whether a key's value is a secret: its name says so ({@link Secrets#isSecretName}), and it does not name a
     * file that holds one ({@code password-file}, {@code client-key-password-file}: a path, shown in messages).
     */
    public static boolean isSecretKey(String key) {
        return Secrets.isSecretName(key) && !key.toLowerCase(Locale.ROOT).endsWith("-file");
    }

    private void mask(int line, int keyLine, String text, int from, int end, String key) {
        if (text.substring(from).isBlank()) {
            masked.add(text);
            return;
        }
        spans.add(new Span(line, keyLine, from, end, key, text.substring(from, end).strip()));
        masked.add(text.substring(0, from) + (from > 0 && !Character.isWhitespace(text.charAt(from - 1)) ? " " : "")
                + Secrets.MASK);
    }

    /** Where a value that starts at {@code from} ends: its closing quote, or in a flow mapping the next , } or ]. */
    private static int valueEnd(String line, int from, boolean flow) {
        int start = from;
        while (start < line.length() && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        if (start < line.length() && (line.charAt(start) == '\'' || line.charAt(start) == '"')) {
            int close = line.indexOf(line.charAt(start), start + 1);
            return close < 0 ? line.length() : close + 1;
        }
        if (flow) {
            for (int i = start; i < line.length(); i++) {
                if (",}]".indexOf(line.charAt(i)) >= 0) {
                    return i;
                }
            }
        }
        return line.length();
    }

    /** Where a comment starts: a # at the start or after a space (approximately: quotes are not followed). */
    private static int commentStart(String line) {
        if (line.stripLeading().startsWith("#")) {
            return 0;
        }
        int hash = line.indexOf(" #");
        return hash < 0 ? line.length() : hash;
    }

    private static int indentation(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Every masked stretch, in file order; empty when the text holds no secret value. */
    public List<Span> spans() {
        return spans;
    }

    /** Line {@code index} (from 0) with any secret masked; empty past the end. */
    public String line(int index) {
        return index >= 0 && index < masked.size() ? masked.get(index) : "";
    }

    /**
     * {@code text} with every secret value in it masked: a YAML message may quote part of a value (an alias
     * {@code *name}, a tag {@code !name!}), so each value is also looked for without such a leading sign or quote.
     */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Span span : spans) {
            for (String value : List.of(span.text(), span.text().replaceAll("^[*&!\"'|>]+|[\"']+$", ""))) {
                if (value.length() >= 2) {
                    out = out.replace(value, Secrets.MASK);
                }
            }
        }
        return out;
    }
}
