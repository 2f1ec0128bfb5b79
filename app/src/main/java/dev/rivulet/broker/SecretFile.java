package dev.rivulet.broker;

import dev.rivulet.config.ConfigNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.Set;

/**
 * Files that hold a secret (a password, a private key, a keystore): read so the main config can stay
 * world-readable, and checked as an operator would want: readable, not empty, and not readable by others.
 * Neither the secret nor any part of it ever appears in a message.
 */
public final class SecretFile {

    private SecretFile() {
    }

    /** The first line of a password file, stripped; null (with a problem at {@code key}) when it cannot be read. */
    static String read(ConfigNode node, String key, String file, List<String> warnings) {
        byte[] bytes = bytes(node, key, file, warnings);
        if (bytes == null) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            // Decoded leniently, a binary file would become a password of replacement characters, refused later
            // by the broker as a wrong password.
            node.problem(key, file + " is not UTF-8 text (a binary file?): write the password on its first line");
            return null;
        }
        int newline = text.indexOf('\n');
        String secret = (newline < 0 ? text : text.substring(0, newline)).strip();
        if (secret.isEmpty()) {
            warnings.add(node.pathOf(key) + ": " + file + " is empty (its first line is the password): an empty"
                    + " password is sent; write the password on the first line");
        }
        return secret;
    }

    /** A secret file's bytes; null (with a problem at {@code key}) when it cannot be read. */
    static byte[] bytes(ConfigNode node, String key, String file, List<String> warnings) {
        Path path = Path.of(file);
        try {
            byte[] bytes = Files.readAllBytes(path);
            serviceMayRead(node, key, file, warnings);
            exposure(path).ifPresent(who -> warnings.add(node.pathOf(key) + ": " + file + " is readable by " + who
                    + ": run chmod 600 " + file + " (and chown rivulet " + file + ") so that only the gateway reads it"));
            return bytes;
        } catch (IOException e) {
            node.problem(key, unreadable(file, e));
            return null;
        }
    }

    /** The user the service runs as ({@code User=} in systemd/rivulet.service). */
    static final String SERVICE_USER = "rivulet";

    /**
     * Run as root (as {@code sudo rivulet check-config} is), a file root reads may still be closed to the service's
     * user: warn where the owner and mode tell it cannot read the file. A group-readable file is given the benefit
     * of the doubt, since group membership cannot be told from here.
     */
    static void serviceMayRead(ConfigNode node, String key, String file, List<String> warnings) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        try {
            UserPrincipal service = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
            PosixFileAttributes attributes = Files.readAttributes(Path.of(file), PosixFileAttributes.class);
            if (!readableBy(service.getName(), attributes.owner().getName(), attributes.permissions())) {
                warnings.add(node.pathOf(key) + ": the " + SERVICE_USER + " user the service runs as cannot read " + file
                        + " (owner " + attributes.owner().getName() + ", mode " + mode(attributes.permissions()) + "): run chown "
                        + SERVICE_USER + " " + file);
            }
        } catch (UserPrincipalNotFoundException | UnsupportedOperationException e) {
            // No such user here (a developer's machine), or no POSIX permissions: nothing to tell.
        } catch (IOException e) {
            node.problem(key, unreadable(file, e));
        }
    }

    /** Whether {@code user} may read a file with this owner and mode (group membership taken as possible). */
    static boolean readableBy(String user, String owner, Set<PosixFilePermission> permissions) {
        return permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.GROUP_READ)
                || owner.equals(user) && permissions.contains(PosixFilePermission.OWNER_READ);
    }

    /** What to say about a file that cannot be read. */
    static String unreadable(String file, IOException e) {
        return file + " cannot be read (" + e.getClass().getSimpleName() + "): check the path and that the rivulet"
                + " user may read it";
    }

    /** Who besides the owner may read the file, if anyone ("others", "its group"); empty on non-POSIX systems. */
    public static java.util.Optional<String> exposure(Path path) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException e) {
            return java.util.Optional.empty();
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
            return java.util.Optional.of("every user (mode " + mode(permissions) + ")");
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)) {
            return java.util.Optional.of("its group (mode " + mode(permissions) + ")");
        }
        return java.util.Optional.empty();
    }

    private static String mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
