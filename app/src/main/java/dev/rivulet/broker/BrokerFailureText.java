package dev.rivulet.broker;

import dev.rivulet.ops.Secrets;
import dev.rivulet.sensors.mqtt.ConnectionFailure;

/**
 * A failed connection to a broker in the operator's words: the broker's name, what failed, the configuration key
 * to look at and the fix, then the client's own words in brackets. The one translation every broker uses, in the
 * log (once per change), in {@code /health} and in {@code rivulet status}.
 */
final class BrokerFailureText {

    private BrokerFailureText() {
    }

    static String describe(BrokerSettings broker, ConnectionFailure failure) {
        String url = Secrets.maskUriPassword(broker.url());
        String host = url.substring(url.indexOf("://") + 3).replaceAll("[:/].*$", "");
        String text = switch (failure.kind()) {
            case CREDENTIALS_REFUSED -> "refused credentials: the broker did not accept user " + broker.username()
                    + " and its password; check " + broker.keyPath("username") + " and " + broker.keyPath("password-file")
                    + " (its first line is the password) against the broker's password file (mosquitto_passwd)";
            case UNKNOWN_CA -> "unknown CA: the broker's certificate is not signed by "
                    + (broker.tls() != null && !broker.tls().settings().trusted().isEmpty()
                    ? "the authority in " + broker.keyPath("ca-file") : "an authority the JVM trusts (" + broker.keyPath("ca-file") + " is not set)")
                    + "; set " + broker.keyPath("ca-file") + " to the CA certificate that signed the broker's certificate (mosquitto's cafile)";
            case SERVER_CERTIFICATE_EXPIRED -> "expired certificate: the broker's certificate has expired, or this"
                    + " machine's clock (it says " + today() + ") is wrong; renew the broker's certificate (mosquitto's certfile)"
                    + " or set the clock (timedatectl)";
            case SERVER_CERTIFICATE_NOT_YET_VALID -> "certificate not yet valid: the broker's certificate starts later than"
                    + " this machine's clock (it says " + today() + "); set the clock (a Pi without a real-time clock is behind"
                    + " until NTP syncs) or reissue the certificate";
            case HOSTNAME_MISMATCH -> "hostname mismatch: the broker's certificate does not name " + host + "; use in "
                    + broker.keyPath("url") + " a host name the certificate lists, or give the broker a certificate with"
                    + " subjectAltName DNS:" + host + " (IP:" + host + " for an address)";
            case CLIENT_CERTIFICATE_REFUSED -> clientCertificate(broker);
            case NOT_TLS -> "not TLS: nothing speaks TLS at " + url + "; put the broker's TLS port (often 8883) in "
                    + broker.keyPath("url");
            case UNREACHABLE -> "network unreachable: no connection to " + url + "; check " + broker.keyPath("url")
                    + ", that the broker runs and that the network and firewall let the gateway through";
            case OTHER -> "the connection failed; check " + broker.keyPath("url") + " and the broker's log";
        };
        return "broker '" + broker.name() + "' (" + url + "): " + text + " [" + failure.detail() + "]";
    }

    /** The day only: a text that changed with every second would be logged at every retry. */
    static String today() {
        return java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    }

    private static String clientCertificate(BrokerSettings broker) {
        BrokerTls tls = broker.tls();
        if (tls == null || tls.clientCertificate() == null) {
            return "client certificate refused: the broker requires a client certificate; set "
                    + broker.keyPath("client-certificate") + " and " + broker.keyPath("client-key") + " (PEM), or "
                    + broker.keyPath("client-keystore") + " (PKCS#12, JKS)";
        }
        String validity = BrokerTls.validity(tls.clientCertificate());
        String key = broker.keyPath(tls.clientKey());
        return "client certificate refused: the broker broke off the TLS handshake; the certificate in " + key
                + (validity == null ? " is not signed by an authority the broker trusts (mosquitto's cafile), or the"
                + " broker does not accept it" : " " + validity) + "; issue one signed by the CA the broker trusts";
    }
}
