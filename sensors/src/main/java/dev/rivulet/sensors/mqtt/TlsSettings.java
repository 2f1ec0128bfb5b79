package dev.rivulet.sensors.mqtt;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * TLS to the broker.
 *
 * @param caFile           PEM file with the certificate(s) of the authority that signed the broker's certificate;
 *                         null to use the JVM's default trust store
 * @param clientKeyStore   PKCS#12 file with the client certificate and key, for brokers requiring client
 *                         certificates; null for none ({@code openssl pkcs12 -export -in client.crt -inkey client.key -out client.p12})
 * @param clientKeyStorePassword the PKCS#12 password; may be empty
 */
public record TlsSettings(Path caFile, Path clientKeyStore, String clientKeyStorePassword) {

    /** Builds the socket factory, failing with a message that names the file at fault. */
    public SSLSocketFactory socketFactory() {
        try {
            TrustManagerFactory tmf = null;
            if (caFile != null) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                try (InputStream in = Files.newInputStream(caFile)) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trust.setCertificateEntry("ca-" + i++, c);
                    }
                    if (i == 0) {
                        throw new IllegalArgumentException("mqtt.tls.caFile " + caFile + " holds no PEM certificate");
                    }
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (clientKeyStore != null) {
                char[] password = clientKeyStorePassword == null ? new char[0] : clientKeyStorePassword.toCharArray();
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(clientKeyStore)) {
                    keys.load(in, password);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS from mqtt.tls.caFile=" + caFile
                    + " mqtt.tls.clientKeyStore=" + clientKeyStore + ": " + e.getMessage(), e);
        }
    }
}
