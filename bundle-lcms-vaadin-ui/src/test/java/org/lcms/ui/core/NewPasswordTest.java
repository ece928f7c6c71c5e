package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NewPasswordTest {

    @Test
    void twoDifferentPasswordsAreRefusedWithoutEchoingThem() {
        String problem = NewPassword.problem("ann", "correct horse battery".toCharArray(),
            "correct horse batterx".toCharArray()).orElseThrow();
        assertEquals("The two passwords differ; type the same password twice", problem);
    }

    @Test
    void theModelsPolicyDecides() {
        String tooShort = NewPassword.problem("ann", "short".toCharArray(), "short".toCharArray()).orElseThrow();
        assertTrue(tooShort.startsWith("the password for ann has 5 characters; use 12 to 128"), tooShort);
        assertTrue(NewPassword.problem("annabelle1234", "annabelle1234".toCharArray(), "annabelle1234".toCharArray())
            .orElseThrow().contains("is the login itself"));
        assertEquals(Optional.empty(), NewPassword.problem("ann", "correct horse battery".toCharArray(),
            "correct horse battery".toCharArray()));
        assertTrue(NewPassword.problem("ann", new char[0], new char[0]).orElseThrow().contains("generate"));
    }
}
