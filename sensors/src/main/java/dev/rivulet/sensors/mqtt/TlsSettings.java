package dev.rivulet.sensors.mqtt;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to the broker, from material already read and checked: reading files (PEM, PKCS#12, JKS) is the broker
 * configuration's job, so that {@code check-config} and a running gateway read them the same way and a problem
 * is reported once, at its configuration key.
 *
 * @param trusted           the authorities that may sign the broker's certificate; empty for the JVM's trust store
 * @param clientKeys        the client certificate and its key, for brokers that require one; null for none
 * @param clientKeyPassword the password of the key entry in {@code clientKeys}; empty when it has none
 */
public record TlsSettings(List<X509Certificate> trusted, KeyStore clientKeys, char[] clientKeyPassword) {

    public TlsSettings {
        trusted = List.copyOf(trusted);
        clientKeyPassword = clientKeyPassword == null ? new char[0] : clientKeyPassword.clone();
    }

    /** Trusting these authorities, without a client certificate. */
    public static TlsSettings trusting(List<X509Certificate> authorities) {
        return new TlsSettings(authorities, null, null);
    }

    /** Whether a client certificate is offered. */
    public boolean hasClientCertificate() {
        return clientKeys != null;
    }

    /** Builds the socket factory. */
    public SSLSocketFactory socketFactory() {
        try {
            TrustManagerFactory tmf = null;
            if (!trusted.isEmpty()) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                for (int i = 0; i < trusted.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, trusted.get(i));
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (clientKeys != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(clientKeys, clientKeyPassword);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS with the configured certificates: " + e.getMessage(), e);
        }
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "TlsSettings[" + trusted.size() + " trusted authorities" + (clientKeys == null ? "" : ", a client certificate") + "]";
    }
}
