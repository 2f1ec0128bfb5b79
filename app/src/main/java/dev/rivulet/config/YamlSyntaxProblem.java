package dev.rivulet.config;

import dev.rivulet.ops.SecretValues;
import java.util.Optional;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A YAML syntax error as the operator reads it: where, what, and the line, with every secret value masked.
 * snakeyaml-engine's own message quotes the offending line as it is ({@code password: Hunter3} on a duplicate
 * key), so the message is drawn again here from its parts and the masked text ({@link SecretValues}); a problem
 * that points inside a secret value may quote the value (an undefined alias {@code *Hunter3}), so it is replaced
 * by what to do about it.
 */
public final class YamlSyntaxProblem {

    public static final String PATH = "(syntax)";

    private YamlSyntaxProblem() {
    }

    /** The problem for a parse error of {@code yaml}. */
    public static ConfigProblem of(YamlEngineException e, String yaml) {
        SecretValues secrets = SecretValues.in(yaml);
        if (!(e instanceof MarkedYamlEngineException marked)) {
            return new ConfigProblem(PATH, secrets.scrub(String.valueOf(e.getMessage())));
        }
        Optional<Mark> problemMark = marked.getProblemMark();
        Optional<Mark> contextMark = marked.getContextMark();
        Optional<Mark> inSecret = Stream.of(problemMark, contextMark).flatMap(Optional::stream)
                .filter(mark -> secrets.spans().stream().anyMatch(span -> covers(span, mark))).findFirst();
        StringBuilder text = new StringBuilder();
        if (inSecret.isPresent()) {
            Mark mark = inSecret.get();
            String key = secrets.spans().stream().filter(span -> covers(span, mark)).findFirst().orElseThrow().key();
            text.append("the value of ").append(key).append(" is not valid YAML at ").append(where(mark))
                    .append(" (not shown: it is a secret): put the value in single quotes (writing any ' in it as ''),")
                    .append(" check that no line after it is indented deeper than ").append(key).append(':')
                    .append(key.endsWith("password") ? ", or write it in a file named by " + key + "-file instead" : "");
        } else {
            text.append(secrets.scrub(blankToNull(marked.getProblem()) == null ? "not valid YAML" : marked.getProblem()));
            problemMark.ifPresent(m -> text.append(" at ").append(where(m)));
            String context = blankToNull(marked.getContext());
            if (context != null) {
                text.append(" (").append(secrets.scrub(context));
                contextMark.ifPresent(m -> text.append(" at ").append(where(m)));
                text.append(')');
            }
        }
        problemMark.or(() -> contextMark).ifPresent(m -> snippet(text, secrets, m));
        return new ConfigProblem(PATH, text.toString());
    }

    private static boolean covers(SecretValues.Span span, Mark mark) {
        return span.line() == mark.getLine() && mark.getColumn() >= span.column() && mark.getColumn() <= span.end();
    }

    private static String where(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** The masked line under the message, with a caret under the column (at the mask when it points into one). */
    private static void snippet(StringBuilder text, SecretValues secrets, Mark mark) {
        String line = secrets.line(mark.getLine());
        StringBuilder under = new StringBuilder();
        for (int i = 0; i < Math.min(mark.getColumn(), line.length()); i++) {
            under.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        text.append(":\n      ").append(line).append("\n      ").append(under).append('^');
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
