package org.lcms.model.api;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow hash of an administrator password; the clear password is never stored. Encoded as
 * {@code $pbkdf2-sha256$i=ITERATIONS$SALT$HASH} (PHC-like, unpadded base64), so the iteration count can be
 * raised later without breaking stored hashes.
 */
public record PasswordHash(String encoded) {
    /** PBKDF2-HMAC-SHA256 work factor, OWASP Password Storage Cheat Sheet (2023): 600,000 iterations. */
    public static final int ITERATIONS = 600_000;
    /** Upper bound accepted from stored hashes (about 10 s of work). */
    static final int MAX_ITERATIONS = 10_000_000;
    private static final String PREFIX = "$pbkdf2-sha256$i=";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    public PasswordHash {
        Objects.requireNonNull(encoded, "encoded");
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash of(char[] password) {
        return of(password, ITERATIONS);
    }

    static PasswordHash of(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return new PasswordHash(PREFIX + iterations + "$" + b64.encodeToString(salt) + "$"
            + b64.encodeToString(hash));
    }

    /** Whether {@code password} is the one this hash was made from (constant-time comparison). */
    public boolean matches(char[] password) {
        String[] parts = encoded.split("\\$");
        // "", "pbkdf2-sha256", "i=N", salt, hash
        if (parts.length != 5 || !encoded.startsWith(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[2].substring(2));
            byte[] salt = Base64.getDecoder().decode(parts[3]);
            byte[] expected = Base64.getDecoder().decode(parts[4]);
            if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length == 0 || expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the encoded form is one this class can verify (used to reject hand-edited garbage). */
    public boolean isWellFormed() {
        String[] parts = encoded.split("\\$");
        if (parts.length != 5 || !encoded.startsWith(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[2].substring(2));
            // A hand-edited iteration count could make one login take hours.
            return iterations > 0 && iterations <= MAX_ITERATIONS && Base64.getDecoder().decode(parts[3]).length > 0
                && Base64.getDecoder().decode(parts[4]).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Never the hash itself in logs. */
    @Override
    public String toString() {
        return "PasswordHash[pbkdf2-sha256]";
    }

    /** Clears a password array once it is no longer needed. */
    public static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
