package dev.rivulet.sensors.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A client's PEM private key, read by the JDK alone:
 * <ul>
 *   <li>{@code PRIVATE KEY}: PKCS#8 (RFC 5208), what openssl 3 writes by default; RSA, EC, Ed25519/Ed448, DSA;</li>
 *   <li>{@code ENCRYPTED PRIVATE KEY}: encrypted PKCS#8, with the PBES2 schemes the JDK has (openssl 3's default,
 *       PBKDF2 with HMAC-SHA256 and AES-256-CBC, among them);</li>
 *   <li>{@code RSA PRIVATE KEY}: PKCS#1 (RFC 8017, openssl 1.x's {@code genrsa}), unencrypted: put inside a PKCS#8
 *       envelope (RFC 5208's PrivateKeyInfo with the rsaEncryption identifier) and read as PKCS#8.</li>
 * </ul>
 * Anything else (SEC1 {@code EC PRIVATE KEY}, keys with openssl's legacy {@code Proc-Type: 4,ENCRYPTED}
 * encryption, PKCS#8 encrypted with a scheme the JDK lacks) is refused with the openssl command that converts it:
 * a hand-written parser of key formats is how security bugs start.
 */
public final class PemPrivateKey {

    /** Why a key could not be read; the message says what to do. */
    public static final class UnreadableKey extends Exception {

        /** The kinds of failure, so that a caller can report each at the right setting. */
        public enum Reason { NO_KEY, NEEDS_PASSWORD, WRONG_PASSWORD, UNSUPPORTED }

        private final Reason reason;

        UnreadableKey(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private static final String PKCS8 = "PRIVATE KEY";
    private static final String ENCRYPTED_PKCS8 = "ENCRYPTED PRIVATE KEY";
    private static final String PKCS1 = "RSA PRIVATE KEY";

    /** The labels of the private keys openssl and ssh-keygen write, readable here or not. */
    private static final List<String> KEY_LABELS = List.of(PKCS8, ENCRYPTED_PKCS8, PKCS1, "EC PRIVATE KEY",
            "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY");

    /** The algorithms a PKCS#8 key is tried as: the JDK 17 key factories a TLS client key can be. */
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA");

    /** rsaEncryption's AlgorithmIdentifier, DER: SEQUENCE { OID 1.2.840.113549.1.1.1, NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemPrivateKey() {
    }

    static boolean isPrivateKey(String label) {
        return KEY_LABELS.contains(label);
    }

    /** The first private key block of {@code pem}, if any. */
    public static Optional<PemFile.Block> keyBlock(PemFile pem) {
        return pem.blocks().stream().filter(block -> isPrivateKey(block.label())).findFirst();
    }

    /** Whether the key needs a password to be read. */
    public static boolean isEncrypted(PemFile.Block key) {
        return key.label().equals(ENCRYPTED_PKCS8) || key.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED");
    }

    /**
     * The first private key in {@code pem}, named {@code file} in messages.
     *
     * @param password the key's password, null when none was given
     */
    public static PrivateKey read(PemFile pem, String file, char[] password) throws UnreadableKey {
        PemFile.Block key = keyBlock(pem).orElseThrow(() -> new UnreadableKey(UnreadableKey.Reason.NO_KEY,
                file + " holds no PEM private key"));
        if (key.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED")) {
            throw new UnreadableKey(UnreadableKey.Reason.UNSUPPORTED, file + " is encrypted the legacy openssl way"
                    + " (Proc-Type: 4,ENCRYPTED), which the JDK cannot read: convert it to encrypted PKCS#8 with openssl"
                    + " pkcs8 -topk8 -in " + file + " -out client.pk8.key");
        }
        switch (key.label()) {
            case PKCS8:
                return pkcs8(key.der(), file);
            case PKCS1:
                return pkcs8(pkcs8Envelope(key.der()), file);
            case ENCRYPTED_PKCS8:
                if (password == null) {
                    throw new UnreadableKey(UnreadableKey.Reason.NEEDS_PASSWORD, file + " is encrypted");
                }
                return pkcs8(decrypt(key.der(), file, password), file);
            default:
                throw new UnreadableKey(UnreadableKey.Reason.UNSUPPORTED, file + " holds a \"" + key.label() + "\" block"
                        + ", a key format the gateway does not read (it reads PKCS#8 PRIVATE KEY, ENCRYPTED PRIVATE KEY"
                        + " and PKCS#1 RSA PRIVATE KEY): convert it with openssl pkcs8 -topk8 -nocrypt -in " + file
                        + " -out client.pk8.key");
        }
    }

    private static PrivateKey pkcs8(byte[] der, String file) throws UnreadableKey {
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                // Another algorithm's key (each factory checks the identifier inside): try the next one.
            }
        }
        throw new UnreadableKey(UnreadableKey.Reason.UNSUPPORTED, file + " holds a PKCS#8 key that is not RSA, EC,"
                + " Ed25519, Ed448 or DSA, or is damaged: give the client's key as openssl pkey -in KEY -out client.key"
                + " writes it");
    }

    /** RFC 5208 PrivateKeyInfo: SEQUENCE { INTEGER 0, rsaEncryption, OCTET STRING pkcs1 }. */
    private static byte[] pkcs8Envelope(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.writeBytes(derElement(0x04, pkcs1));
        return derElement(0x30, body.toByteArray());
    }

    /** A DER tag-length-value with the definite length form (X.690 8.1.3). */
    private static byte[] derElement(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** Decrypts encrypted PKCS#8 with the scheme it names (PBES2's parameters name the PRF and cipher). */
    private static byte[] decrypt(byte[] der, String file, char[] password) throws UnreadableKey {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new UnreadableKey(UnreadableKey.Reason.UNSUPPORTED, file + " holds a damaged ENCRYPTED PRIVATE KEY: "
                    + "export the client's key again");
        }
        AlgorithmParameters parameters = info.getAlgParameters();
        // For PBES2 the JDK names the scheme in the parameters (PBEWithHmacSHA256AndAES_256), not in getAlgName.
        String scheme = parameters != null && parameters.toString().startsWith("PBEWith") ? parameters.toString() : info.getAlgName();
        try {
            Cipher cipher = Cipher.getInstance(scheme);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(password)),
                    parameters);
            return info.getKeySpec(cipher).getEncoded();
        } catch (NoSuchAlgorithmException e) {
            throw new UnreadableKey(UnreadableKey.Reason.UNSUPPORTED, file + " is encrypted with " + scheme + ", which the"
                    + " JDK cannot decrypt: encrypt it again with openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256"
                    + " -in " + file + " -out client.pk8.key");
        } catch (InvalidKeySpecException e) {
            throw new UnreadableKey(UnreadableKey.Reason.WRONG_PASSWORD, "the password does not decrypt " + file);
        } catch (GeneralSecurityException e) {
            throw new UnreadableKey(UnreadableKey.Reason.UNSUPPORTED, file + " cannot be decrypted ("
                    + e.getClass().getSimpleName() + "): encrypt it again with openssl pkcs8 -topk8 -v2 aes-256-cbc -in "
                    + file + " -out client.pk8.key");
        }
    }
}
