package org.lcms.ui.internal.https;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Creates a PKCS#12 keystore with a self-signed certificate by running the JDK's own keytool: the JDK has no public
 * API for writing certificates, and keytool is part of every JDK Karaf runs on, so no library is added for it.
 */
final class SelfSignedKeystore {
    private static final int VALIDITY_DAYS = 825;

    private SelfSignedKeystore() {
    }

    /** A new random password for a keystore: 24 random bytes, URL-safe base64. */
    static String newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The names the certificate is valid for: localhost, 127.0.0.1 and this machine's host name. */
    static List<String> subjectAlternativeNames() {
        Set<String> names = new LinkedHashSet<>(List.of("dns:localhost", "ip:127.0.0.1"));
        try {
            String host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            if (!host.isBlank() && !host.equals("localhost")) {
                names.add("dns:" + host);
            }
        } catch (IOException e) {
            // no host name to add: localhost and 127.0.0.1 still work
        }
        return new ArrayList<>(names);
    }

    /**
     * Writes {@code keystore} (EC P-256 key, SHA256withECDSA, valid {@value #VALIDITY_DAYS} days), readable by the
     * owner only. Written next to its place first and then moved, so a crash never leaves half a keystore.
     */
    static void generate(Path keystore, String password, String alias) throws IOException, InterruptedException {
        Path dir = keystore.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = dir.resolve(keystore.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String host = subjectAlternativeNames().stream().filter(n -> n.startsWith("dns:") && !n.equals("dns:localhost"))
            .findFirst().map(n -> n.substring(4)).orElse("localhost");
        List<String> command = List.of(keytool, "-genkeypair", "-noprompt",
            "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
            "-validity", String.valueOf(VALIDITY_DAYS), "-dname", "CN=" + host + ", O=LCMS self-signed",
            "-ext", "SAN=" + String.join(",", subjectAlternativeNames()),
            "-keystore", partial.toString(), "-storetype", "PKCS12",
            // The password goes through the environment, not the command line that every user can list.
            "-storepass:env", "LCMS_KEYSTORE_PASSWORD", "-keypass:env", "LCMS_KEYSTORE_PASSWORD");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LCMS_KEYSTORE_PASSWORD", password);
        Process keytoolRun = builder.start();
        String output = new String(keytoolRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!keytoolRun.waitFor(60, TimeUnit.SECONDS)) {
            keytoolRun.destroyForcibly();
            throw new IOException(keytool + " did not finish within 60 s");
        }
        if (keytoolRun.exitValue() != 0 || !Files.isRegularFile(partial)) {
            throw new IOException(keytool + " -genkeypair failed (exit " + keytoolRun.exitValue() + "): " + output);
        }
        try {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the directory's protection applies
        }
        try {
            Files.move(partial, keystore, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, keystore, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
