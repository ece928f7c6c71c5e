package org.lcms.model.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Most cases use a low iteration count (package-private factory); the real 600,000-iteration hash is made and
 * verified once, since each costs about half a second.
 */
class PasswordHashTest {
    static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    static final PasswordHash CHEAP = PasswordHash.of(PASSWORD.clone(), 1000);

    @Test
    void fullStrengthHashRoundTrips() {
        PasswordHash h = PasswordHash.of(PASSWORD.clone());
        assertTrue(h.encoded().startsWith("$pbkdf2-sha256$i=600000$"), h.encoded());
        assertTrue(h.isWellFormed());
        assertTrue(h.matches(PASSWORD.clone()));
    }

    @Test
    void roundTripMatches() {
        assertTrue(CHEAP.encoded().startsWith("$pbkdf2-sha256$i=1000$"), CHEAP.encoded());
        assertTrue(CHEAP.isWellFormed());
        assertTrue(CHEAP.matches(PASSWORD.clone()));
    }

    @Test
    void wrongPasswordFails() {
        assertFalse(CHEAP.matches("correct horse battery stapLe".toCharArray()));
        assertFalse(CHEAP.matches("correct horse battery staple ".toCharArray()));
        assertFalse(CHEAP.matches(new char[0]));
    }

    @Test
    void samePasswordHashesDifferentlyEachTime() {
        PasswordHash other = PasswordHash.of(PASSWORD.clone(), 1000);
        assertNotEquals(CHEAP.encoded(), other.encoded());
        assertNotEquals(CHEAP.encoded().split("\\$")[3], other.encoded().split("\\$")[3], "fresh salt");
        assertTrue(other.matches(PASSWORD.clone()));
    }

    @Test
    void factoryDoesNotWipeOrKeepThePassword() {
        char[] pw = PASSWORD.clone();
        PasswordHash h = PasswordHash.of(pw, 1000);
        assertFalse(h.encoded().contains(new String(PASSWORD)));
        assertTrue(h.matches(pw), "the caller's array is still usable; wiping it is the caller's job");
    }

    @Test
    void wipeClearsThePassword() {
        char[] pw = PASSWORD.clone();
        PasswordHash.wipe(pw);
        assertArrayEquals(new char[PASSWORD.length], pw);
        PasswordHash.wipe(null);
    }

    @Test
    void toStringDoesNotRevealTheHash() {
        String[] parts = CHEAP.encoded().split("\\$");
        String shown = CHEAP.toString();
        assertEquals("PasswordHash[pbkdf2-sha256]", shown);
        assertFalse(shown.contains(parts[3]) || shown.contains(parts[4]));
        Administrator a = new Administrator("alice", "Alice", CHEAP, AdminRole.ADMIN, null);
        assertFalse(a.toString().contains(parts[3]) || a.toString().contains(parts[4]), a.toString());
    }

    @Test
    void tamperedHashDoesNotMatch() {
        String[] p = CHEAP.encoded().split("\\$"); // "", pbkdf2-sha256, i=1000, salt, hash
        String salt = p[3];
        String hash = p[4];
        String prefix = "$pbkdf2-sha256$";
        // Flip a character in the middle: the last one of unpadded base64 may carry only padding bits.
        String otherHash = hash.substring(0, 10) + flip(hash.charAt(10)) + hash.substring(11);
        String otherSalt = salt.substring(0, 5) + flip(salt.charAt(5)) + salt.substring(6);
        for (String tampered : new String[] {
            prefix + "i=1000$" + salt + "$" + otherHash,
            prefix + "i=1000$" + otherSalt + "$" + hash,
            prefix + "i=1001$" + salt + "$" + hash,
            prefix + "i=1000$" + salt + "$" + hash.substring(0, 20),
            prefix + "i=1000$" + hash + "$" + salt,
            "$pbkdf2-sha512$i=1000$" + salt + "$" + hash,
        }) {
            assertFalse(new PasswordHash(tampered).matches(PASSWORD.clone()), tampered);
        }
    }

    private static char flip(char c) {
        return c == 'A' ? 'B' : 'A';
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "secret", "$pbkdf2-sha256$", "$pbkdf2-sha256$i=1000$c2FsdA",
        "$pbkdf2-sha256$i=abc$c2FsdA$aGFzaA", "$pbkdf2-sha256$i=0$c2FsdA$aGFzaA", "$pbkdf2-sha256$i=-1$c2FsdA$aGFzaA",
        "$pbkdf2-sha256$i=1000$$aGFzaA", "$pbkdf2-sha256$i=1000$c2FsdA$", "$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA$x",
        "$pbkdf2-sha256$i=1000$!!!$aGFzaA", "$pbkdf2-sha256$n=1000$c2FsdA$aGFzaA", "$bcrypt$i=1000$c2FsdA$aGFzaA"})
    void garbageIsNotWellFormedAndMatchesNothing(String encoded) {
        PasswordHash h = new PasswordHash(encoded);
        assertFalse(h.isWellFormed());
        assertFalse(h.matches(PASSWORD.clone()));
    }
}
