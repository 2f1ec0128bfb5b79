package dev.rivulet.broker;

import dev.rivulet.ops.HostTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate authority of the test's own, made with openssl and keytool as an operator would make one for
 * mosquitto: the CA, server certificates with a subject alternative name, client certificates and keys (PEM,
 * PKCS#12, JKS), and certificates valid only in the past or the future (keytool, since openssl 3.0's x509 cannot
 * backdate). Each file lands in the CA's folder.
 */
public final class TestPki {

    private static final String STORE_PASSWORD = "ca-store-pw";

    private final Path dir;
    private final String name;

    private TestPki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** A new CA named {@code name}, its files in {@code dir}. */
    public static TestPki create(Path dir, String name) throws IOException {
        TestPki pki = new TestPki(dir, name);
        Files.createDirectories(dir);
        pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", pki.file("ca.key"), "-out",
                pki.file("ca.crt"), "-days", "30", "-subj", "/CN=" + name);
        pki.openssl("pkcs12", "-export", "-in", pki.file("ca.crt"), "-inkey", pki.file("ca.key"), "-name", "ca",
                "-out", pki.file("ca.p12"), "-passout", "pass:" + STORE_PASSWORD);
        return pki;
    }

    /** The CA certificate, PEM. */
    public Path caCertificate() {
        return dir.resolve(name + "-ca.crt");
    }

    /** A server certificate and key for 127.0.0.1 and localhost: {@code NAME.crt}, {@code NAME.key}. */
    public Path[] server(String certName) throws IOException {
        return issue(certName, "subjectAltName=IP:127.0.0.1,DNS:localhost", null);
    }

    /** A server certificate naming only {@code host}, for a hostname mismatch. */
    public Path[] serverFor(String certName, String host) throws IOException {
        return issue(certName, "subjectAltName=DNS:" + host, null);
    }

    /** A client certificate and its PKCS#8 key. */
    public Path[] client(String certName) throws IOException {
        return issue(certName, null, null);
    }

    /** A certificate valid only from {@code start} ({@code yyyy/MM/dd}) for {@code days}, signed with keytool. */
    public Path[] dated(String certName, String san, String start, int days) throws IOException {
        return issue(certName, san, new String[] {start, Integer.toString(days)});
    }

    /** {@code crt} and {@code key} in a PKCS#12 keystore with {@code password}. */
    public Path pkcs12(Path[] pair, String password) throws IOException {
        Path p12 = pair[0].resolveSibling(pair[0].getFileName().toString().replace(".crt", ".p12"));
        openssl("pkcs12", "-export", "-in", pair[0].toString(), "-inkey", pair[1].toString(), "-name", "client",
                "-out", p12.toString(), "-passout", "pass:" + password);
        return p12;
    }

    /** The PKCS#12 keystore converted to JKS by keytool. */
    public Path jks(Path p12, String password) throws IOException {
        Path jks = p12.resolveSibling(p12.getFileName().toString().replace(".p12", ".jks"));
        keytool("-importkeystore", "-srckeystore", p12.toString(), "-srcstoretype", "PKCS12", "-srcstorepass", password,
                "-destkeystore", jks.toString(), "-deststoretype", "JKS", "-deststorepass", password, "-noprompt");
        return jks;
    }

    /** {@code out}, written by openssl with {@code args} (a key converted to another format, say). */
    public Path opensslWrites(Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("-out", out.toString()));
        openssl(command.toArray(String[]::new));
        return out;
    }

    private Path[] issue(String certName, String san, String[] dates) throws IOException {
        Path key = dir.resolve(certName + ".key");
        Path csr = dir.resolve(certName + ".csr");
        Path crt = dir.resolve(certName + ".crt");
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=" + certName);
        if (dates == null) {
            List<String> command = new ArrayList<>(List.of("x509", "-req", "-in", csr.toString(), "-CA", file("ca.crt"),
                    "-CAkey", file("ca.key"), "-CAcreateserial", "-out", crt.toString(), "-days", "30"));
            if (san != null) {
                Path ext = dir.resolve(certName + ".ext");
                Files.writeString(ext, san + "\n");
                command.addAll(List.of("-extfile", ext.toString()));
            }
            openssl(command.toArray(String[]::new));
        } else {
            List<String> command = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", file("ca.p12"),
                    "-storepass", STORE_PASSWORD, "-infile", csr.toString(), "-outfile", crt.toString(),
                    "-startdate", dates[0], "-validity", dates[1]));
            if (san != null) {
                command.addAll(List.of("-ext", san.replace("subjectAltName=", "san=").replace("IP:", "ip:").replace("DNS:", "dns:")));
            }
            keytool(command.toArray(String[]::new));
        }
        return new Path[] {crt, key};
    }

    private String file(String suffix) {
        return dir.resolve(name + "-" + suffix).toString();
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(HostTools.require("openssl").toString()));
        command.addAll(List.of(args));
        run(command);
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        run(command);
    }

    private void run(List<String> command) throws IOException {
        HostTools.Result result = HostTools.run(dir, command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + result.output());
        }
    }
}
