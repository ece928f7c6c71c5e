package org.lcms.model.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    static ModelException refused(String login, String password, String... mentions) {
        ModelException e = assertThrows(ModelException.class,
            () -> PasswordPolicy.check(login, password == null ? null : password.toCharArray()));
        assertEquals(Rule.PASSWORD_POLICY, e.rule());
        assertTrue(e.getMessage().startsWith("[rule password-policy] the password for " + login), e::getMessage);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), () -> "message should name '" + m + "': " + e.getMessage());
        }
        if (password != null && !password.isEmpty()) {
            assertFalse(e.getMessage().contains(password), "the password is never echoed");
        }
        return e;
    }

    @Test
    void tooShortIsRefused() {
        refused("alice", "Tr0ub4dor&3", "11 characters", "12 to 128");
        refused("alice", "", "0 characters");
        refused("alice", null, "0 characters");
    }

    @Test
    void tooLongIsRefused() {
        refused("alice", "x".repeat(129), "129 characters");
    }

    @Test
    void loginAsPasswordIsRefusedInAnyCase() {
        refused("operator.alice", "Operator.Alice", "is the login itself");
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse\tbattery", "correct horse\nbattery", "correct horse\u0000battery",
        "correct horse\u007fbattery"})
    void controlCharacterIsRefused(String password) {
        refused("alice", password, "control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "twelve chars", "Grüße aus Köln 2025!"})
    void printablePassphraseIsAccepted(String password) {
        assertDoesNotThrow(() -> PasswordPolicy.check("alice", password.toCharArray()));
    }

    @Test
    void lengthLimitsAreInclusive() {
        assertDoesNotThrow(() -> PasswordPolicy.check("alice", "x".repeat(PasswordPolicy.MIN_LENGTH).toCharArray()));
        assertDoesNotThrow(() -> PasswordPolicy.check("alice", "x".repeat(PasswordPolicy.MAX_LENGTH).toCharArray()));
    }

    @Test
    void passwordThatOnlyContainsTheLoginIsAccepted() {
        assertDoesNotThrow(() -> PasswordPolicy.check("alice", "alice in wonderland".toCharArray()));
    }

    @Test
    void generatedPasswordsPassThePolicyUseTheReadableAlphabetAndDiffer() {
        char[] one = PasswordPolicy.generate();
        char[] two = PasswordPolicy.generate();
        assertEquals(PasswordPolicy.GENERATED_LENGTH, one.length);
        assertDoesNotThrow(() -> PasswordPolicy.check("alice", one));
        assertTrue(String.valueOf(one).chars().allMatch(c -> PasswordPolicy.GENERATED_ALPHABET.indexOf(c) >= 0));
        assertFalse(java.util.Arrays.equals(one, two));
    }
}
