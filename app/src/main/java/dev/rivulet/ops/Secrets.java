package dev.rivulet.ops;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps passwords and keys out of log lines: anything that logs settings passes the values through here.
 */
public final class Secrets {

    /** What a secret is shown as; always the same, so not even its length leaks. */
    public static final String MASK = "******";

    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(password|passwd|secret|token|credential|private[-_.]?key|api[-_.]?key|access[-_.]?key).*");
    /** {@code scheme://user:password@host}: the password part of a URI's user info. */
    private static final Pattern URI_PASSWORD = Pattern.compile("(://[^:/@\\s]*):[^@/\\s]*@");

    private Secrets() {
    }

    /** {@link #MASK} for a secret that is set, "(none)" for one that is not, so a log still tells them apart. */
    public static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(none)" : MASK;
    }

    /** Whether a setting's name says it holds a secret, e.g. {@code upstream.password} or
     * {@code tls.private-key}; a pipeline's {@code key} field is not one. */
    public static boolean isSecretName(String settingName) {
        return settingName != null && SECRET_NAME.matcher(settingName.toLowerCase(Locale.ROOT)).matches();
    }

    /** The value as it may be logged under that setting name: masked when the name says secret. */
    public static String loggable(String settingName, String value) {
        return isSecretName(settingName) ? mask(value) : maskUriPassword(value);
    }

    /** A URI with the password in its user info masked: {@code ssl://gw:******@broker:8883}. */
    public static String maskUriPassword(String uri) {
        return uri == null ? null : URI_PASSWORD.matcher(uri).replaceAll("$1:" + MASK + "@");
    }
}
