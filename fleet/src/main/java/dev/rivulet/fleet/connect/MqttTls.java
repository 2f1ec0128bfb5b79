package dev.rivulet.fleet.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/** The TLS socket factory for an {@code ssl://} broker: trusted authorities from a PEM file, a PKCS#12 client key. */
final class MqttTls {

    private MqttTls() {
    }

    /** The factory for these settings; the JVM's defaults for whatever is unset. */
    static SSLSocketFactory socketFactory(MqttSourceSettings settings) {
        try {
            TrustManagerFactory trust = null;
            if (settings.caFile() != null) {
                KeyStore authorities = KeyStore.getInstance(KeyStore.getDefaultType());
                authorities.load(null, null);
                Collection<? extends Certificate> certificates = readCertificates(Path.of(settings.caFile()));
                if (certificates.isEmpty()) {
                    throw new ConfigException(MqttSourceSettings.CA_FILE, settings.caFile(),
                            "holds no certificate: give a PEM file with -----BEGIN CERTIFICATE----- blocks");
                }
                int n = 0;
                for (Certificate certificate : certificates) {
                    authorities.setCertificateEntry("ca-" + n++, certificate);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(authorities);
            }
            KeyManagerFactory keys = null;
            if (settings.keystoreFile() != null) {
                KeyStore client = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(Path.of(settings.keystoreFile()))) {
                    client.load(in, settings.keystorePassword());
                } catch (IOException e) {
                    throw new ConfigException(MqttSourceSettings.KEYSTORE_FILE, settings.keystoreFile(),
                            "cannot be opened as PKCS#12 (" + e.getMessage() + "): check the file and "
                                    + MqttSourceSettings.KEYSTORE_PASSWORD);
                }
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(client, settings.keystorePassword());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("the TLS settings (" + MqttSourceSettings.CA_FILE + ", " + MqttSourceSettings.KEYSTORE_FILE
                    + ") could not be used: " + e.getMessage());
        }
    }

    private static Collection<? extends Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (java.security.cert.CertificateException e) {
            throw new ConfigException(MqttSourceSettings.CA_FILE, file.toString(),
                    "is not a PEM certificate file (" + e.getMessage() + "): give the CA's certificate in PEM");
        }
    }
}
