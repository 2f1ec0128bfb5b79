package dev.rivulet.sensors.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.sensors.mqtt.ConnectionFailure.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The failures Paho hands over, as the JDK and the broker make them, sorted into what an operator can act on. */
class ConnectionFailureTest {

    private static Throwable wrapped(Throwable cause) {
        // Paho's shape: an MqttException "Untranslated" or "Connection lost" around the JDK's exception.
        return new IOException("Untranslated MqttException - RC: 0", cause);
    }

    private static Throwable handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void sortsEachFailure() {
        assertEquals(Kind.CREDENTIALS_REFUSED, ConnectionFailure.of(new IOException("Not authorized"), 135, false).kind());
        assertEquals(Kind.CREDENTIALS_REFUSED, ConnectionFailure.of(new IOException("Bad user name or password"), 4, false).kind());
        assertEquals(Kind.UNKNOWN_CA, ConnectionFailure.of(wrapped(handshake("PKIX path building failed",
                new java.security.cert.CertPathBuilderException("unable to find valid certification path"))),
                0, false).kind());
        assertEquals(Kind.SERVER_CERTIFICATE_EXPIRED, ConnectionFailure.of(wrapped(handshake("PKIX path validation failed",
                new CertPathValidatorException("validity check failed", new CertificateExpiredException("NotAfter: …")))),
                0, false).kind());
        assertEquals(Kind.HOSTNAME_MISMATCH, ConnectionFailure.of(wrapped(handshake("No subject alternative names",
                new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"))), 0, false).kind());
        assertEquals(Kind.NOT_TLS, ConnectionFailure.of(wrapped(new SSLException("Unsupported or unrecognized SSL message")),
                0, false).kind());
        assertEquals(Kind.UNREACHABLE, ConnectionFailure.of(wrapped(new ConnectException("Connection refused")), 0, true).kind());
        assertEquals(Kind.UNREACHABLE, ConnectionFailure.of(wrapped(new UnknownHostException("central.example")), 0, false).kind());
        assertEquals(Kind.CLIENT_CERTIFICATE_REFUSED, ConnectionFailure.of(wrapped(new SocketException("Broken pipe")), 0, true).kind());
        assertEquals(Kind.CLIENT_CERTIFICATE_REFUSED, ConnectionFailure.of(wrapped(
                new SSLHandshakeException("Received fatal alert: certificate_required")), 0, false).kind());
        assertEquals(Kind.OTHER, ConnectionFailure.of(wrapped(new SocketException("Broken pipe")), 0, false).kind());
        assertEquals("Connection refused", ConnectionFailure.of(wrapped(new ConnectException("Connection refused")), 0, false).detail());
    }

    /**
     * An {@code ssl://} URL on a plaintext listener: the listener reads the ClientHello as a malformed packet and
     * resets the connection, as mosquitto does; the JDK's own exception, from a real handshake, says not TLS,
     * whether a client certificate was offered or not.
     */
    @Test
    void aPlaintextListenerBehindAnSslUrlIsNotTls() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread listener = new Thread(() -> {
                try (Socket client = plain.accept()) {
                    client.getInputStream().read(new byte[64]);
                    client.setSoLinger(true, 0);
                } catch (IOException e) {
                    // The test's handshake reports what it saw.
                }
            });
            listener.start();
            Exception failure;
            try (SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), plain.getLocalPort())) {
                socket.startHandshake();
                throw new AssertionError("a handshake with a plaintext listener succeeded");
            } catch (IOException e) {
                failure = e;
            }
            listener.join(60_000);
            assertEquals(Kind.NOT_TLS, ConnectionFailure.of(wrapped(failure), 0, false).kind(), failure.toString());
            assertEquals(Kind.NOT_TLS, ConnectionFailure.of(wrapped(failure), 0, true).kind(), failure.toString());
        }
    }
}
