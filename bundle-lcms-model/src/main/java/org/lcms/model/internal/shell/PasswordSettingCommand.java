package org.lcms.model.internal.shell;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.api.PasswordPolicy;

/**
 * A command that sets an administrator password: typed twice at a masked prompt, or generated and printed
 * once. The clear password lives in a char array that is wiped as soon as it is hashed (and printed).
 */
abstract class PasswordSettingCommand extends LcmsCommand {
    static final int GENERATED_LENGTH = PasswordPolicy.GENERATED_LENGTH;

    @Reference
    Session session;

    /** Null in the shell (the session prompts); set by tests. */
    PasswordPrompt prompt;

    /** PasswordHash::of (600,000 PBKDF2 iterations); tests put a fast one here. */
    Function<char[], PasswordHash> hashing = PasswordHash::of;

    /** A new password for {@code login}, generated or typed twice; the caller wipes it. */
    final char[] newPassword(String login, boolean generate) throws IOException {
        if (generate) {
            return PasswordPolicy.generate();
        }
        PasswordPrompt p = prompt != null ? prompt : text -> session.readLine(text, '*');
        char[] first = read(p, "Password for " + login + ": ");
        char[] second = null;
        try {
            second = read(p, "Repeat the password: ");
            if (!Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the two passwords typed for " + login + " differ; nothing was "
                    + "changed: run the command again");
            }
            return first;
        } catch (IOException | RuntimeException e) {
            PasswordHash.wipe(first);
            throw e;
        } finally {
            PasswordHash.wipe(second);
        }
    }

    /** Checks the policy on the clear password, then hashes it. */
    final PasswordHash hash(String login, char[] password) {
        PasswordPolicy.check(login, password);
        return hashing.apply(password);
    }

    final void printGenerated(String login, char[] password) {
        out().print("Generated password for " + login + " (shown only now; store it in your password manager): ");
        out().print(password);
        out().println();
    }

    private static char[] read(PasswordPrompt p, String text) throws IOException {
        // The shell hands over a String, which cannot be wiped; it is dropped at once.
        String line = p.readMasked(text);
        if (line == null) {
            throw new IllegalArgumentException("no password was typed (end of input); nothing was changed");
        }
        return line.toCharArray();
    }
}
