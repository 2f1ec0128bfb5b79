package dev.rivulet.sensors.mqtt;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Why a connection to a broker failed, sorted into the few things an operator can act on. Paho reports most of
 * them as an "Untranslated MqttException" or a bare "Broken pipe", with the useful part deep in the causes;
 * {@link #of} reads the whole chain once. Turning a kind into words that name the configuration keys is the
 * broker configuration's job ({@link MqttSettings#failureText}).
 *
 * @param kind   what failed
 * @param detail the innermost message, for the log's end (never a secret: Paho and the JDK do not echo passwords)
 */
public record ConnectionFailure(Kind kind, String detail) {

    /** What failed, from the operator's side. */
    public enum Kind {
        /** The broker refused the username or password (MQTT 3.1.1 return code 4 or 5, MQTT 5 reason 134 or 135). */
        CREDENTIALS_REFUSED,
        /** The broker's certificate is not signed by a trusted authority. */
        UNKNOWN_CA,
        /** The broker's certificate (or one above it) has expired, or the gateway's clock is wrong. */
        SERVER_CERTIFICATE_EXPIRED,
        /** The broker's certificate is not valid yet, or the gateway's clock is behind. */
        SERVER_CERTIFICATE_NOT_YET_VALID,
        /** The broker's certificate does not name the host in the URL. */
        HOSTNAME_MISMATCH,
        /** The broker ended the TLS handshake: it refused the client certificate (or needs one). */
        CLIENT_CERTIFICATE_REFUSED,
        /** The port does not speak TLS (a plaintext listener behind an {@code ssl://} URL). */
        NOT_TLS,
        /** No TCP connection: the host is unknown, unreachable, or nothing listens on the port. */
        UNREACHABLE,
        /** Anything else: the detail says what. */
        OTHER
    }

    /** Paho v3 return codes and MQTT 5 reason codes for refused credentials. */
    private static final int V3_BAD_CREDENTIALS = 4;
    private static final int V3_NOT_AUTHORIZED = 5;
    private static final int V5_BAD_CREDENTIALS = 134;
    private static final int V5_NOT_AUTHORIZED = 135;

    /**
     * Sorts a failure.
     *
     * @param error             what the client threw or reported
     * @param reasonCode        the MQTT return or reason code, or -1 when there is none
     * @param clientCertificate whether a client certificate was offered (a handshake the broker breaks off is
     *                          then most likely its refusal of that certificate)
     */
    public static ConnectionFailure of(Throwable error, int reasonCode, boolean clientCertificate) {
        Throwable root = root(error);
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (reasonCode == V3_BAD_CREDENTIALS || reasonCode == V3_NOT_AUTHORIZED
                || reasonCode == V5_BAD_CREDENTIALS || reasonCode == V5_NOT_AUTHORIZED) {
            return new ConnectionFailure(Kind.CREDENTIALS_REFUSED, error.getMessage());
        }
        return new ConnectionFailure(kind(error, clientCertificate), detail);
    }

    private static Kind kind(Throwable error, boolean clientCertificate) {
        boolean tls = false;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof CertificateExpiredException) {
                return Kind.SERVER_CERTIFICATE_EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException) {
                return Kind.SERVER_CERTIFICATE_NOT_YET_VALID;
            }
            if (t instanceof CertPathBuilderException) {
                return Kind.UNKNOWN_CA;
            }
            if (t instanceof CertPathValidatorException validator && validator.getReason()
                    == CertPathValidatorException.BasicReason.EXPIRED) {
                return Kind.SERVER_CERTIFICATE_EXPIRED;
            }
            if (t instanceof java.security.cert.CertificateException && (message.contains("no subject alternative")
                    || message.contains("no name matching"))) {
                return Kind.HOSTNAME_MISMATCH;
            }
            if (t instanceof SSLException) {
                if (message.contains("unsupported or unrecognized ssl message")
                        || message.contains("remote host terminated the handshake")) {
                    return Kind.NOT_TLS;
                }
                tls = true;
            }
            if (t instanceof UnknownHostException || t instanceof NoRouteToHostException || t instanceof ConnectException
                    || t instanceof SocketTimeoutException) {
                return Kind.UNREACHABLE;
            }
        }
        // Under TLS 1.3 the broker checks the client certificate after the client finished its handshake, so its
        // refusal arrives as an alert, a reset or a broken pipe when the client sends CONNECT.
        Throwable root = root(error);
        // An MQTT listener without TLS waits for a CONNECT, reads a ClientHello instead and closes the connection:
        // the JDK reports a reset or an end of stream from inside the handshake, with no TLS alert at all. (A
        // broker refusing a client certificate does so with an alert, or after the client's handshake ended.)
        if (!tls && (root instanceof SocketException || root instanceof EOFException) && duringHandshake(root)) {
            return Kind.NOT_TLS;
        }
        boolean brokenOff = tls || root instanceof SSLHandshakeException || root instanceof EOFException
                || root instanceof SocketException;
        if (clientCertificate && brokenOff) {
            return Kind.CLIENT_CERTIFICATE_REFUSED;
        }
        if (root instanceof SSLHandshakeException && String.valueOf(root.getMessage()).contains("certificate_required")) {
            return Kind.CLIENT_CERTIFICATE_REFUSED;
        }
        return Kind.OTHER;
    }

    /** Whether {@code error} was thrown inside the JDK's TLS handshake: the JDK gives no type or flag for it. */
    private static boolean duringHandshake(Throwable error) {
        for (StackTraceElement frame : error.getStackTrace()) {
            if (frame.getMethodName().equals("startHandshake") && frame.getClassName().startsWith("sun.security.ssl.")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
