package dev.rivulet.sensors.mqtt;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocks of a PEM file (RFC 7468 textual encoding, with the RFC 1421 headers OpenSSL writes on its legacy
 * encrypted keys): {@code -----BEGIN LABEL-----}, base64, {@code -----END LABEL-----}. Text between blocks
 * (openssl's "Bag Attributes", comments) is passed over, as openssl does. Decoding only: what a block means is
 * for {@link #certificates()} and {@link PemPrivateKey}.
 */
public final class PemFile {

    /** One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, …), its headers and its DER bytes. */
    public record Block(String label, Map<String, String> headers, byte[] der) {
    }

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private final List<Block> blocks;

    private PemFile(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * The blocks of {@code bytes}, read as ASCII text.
     *
     * @throws IllegalArgumentException when a block is not closed by its END line or its base64 is broken
     */
    public static PemFile parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\r?\n|\r");
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(BEGIN) || !line.endsWith(DASHES) || line.length() < BEGIN.length() + DASHES.length()) {
                continue;
            }
            String label = line.substring(BEGIN.length(), line.length() - DASHES.length());
            String end = END + label + DASHES;
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length && !lines[j].strip().equals(end); j++) {
                String body = lines[j].strip();
                int colon = body.indexOf(':');
                if (base64.length() == 0 && colon > 0) {
                    headers.put(body.substring(0, colon).strip(), body.substring(colon + 1).strip());
                } else {
                    base64.append(body);
                }
            }
            if (j == lines.length) {
                throw new IllegalArgumentException("the block " + line + " has no " + end + " line");
            }
            try {
                blocks.add(new Block(label, Map.copyOf(headers), Base64.getMimeDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the block " + line + " is not valid base64", e);
            }
            i = j;
        }
        return new PemFile(blocks);
    }

    /** Every block, in file order. */
    public List<Block> blocks() {
        return blocks;
    }

    /**
     * Every {@code CERTIFICATE} block as an X.509 certificate, through the JDK's certificate factory.
     *
     * @throws CertificateException when such a block is not a certificate
     */
    public List<X509Certificate> certificates() throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        for (Block block : blocks) {
            if (block.label().equals("CERTIFICATE") || block.label().equals("X509 CERTIFICATE")) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        }
        return certificates;
    }

    /** Whether a block holds a private key of a kind {@link PemPrivateKey} knows, readable or not. */
    public boolean holdsPrivateKey() {
        return blocks.stream().anyMatch(block -> PemPrivateKey.isPrivateKey(block.label()));
    }
}
