package org.lcms.model.internal.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.api.Rule;

class AdminCommandsTest {
    private static final String PASSWORD = "correct horse battery";

    private final ShellFixture shell = new ShellFixture();
    /** What the fast hashing was given, copied before the command wipes it. */
    private final List<String> hashed = new ArrayList<>();

    private <T extends PasswordSettingCommand> T typing(T command, String... lines) {
        Deque<String> typed = new ArrayDeque<>(List.of(lines));
        command.prompt = text -> typed.poll();
        command.hashing = password -> {
            hashed.add(String.valueOf(password));
            return ShellFixture.FAST_HASH;
        };
        return command;
    }

    private AdminAddCommand add(String login, String role) {
        AdminAddCommand c = new AdminAddCommand();
        c.login = login;
        c.role = role;
        return c;
    }

    private Administrator admin(String login) {
        return shell.directory.inventory().administrator(login).orElseThrow();
    }

    @Test
    void addWithTypedPassword() throws Exception {
        AdminAddCommand c = typing(add("alice", "admin"), PASSWORD, PASSWORD);
        c.displayName = "Alice Martin";
        assertEquals("added administrator alice (admin) (change 1)\n", shell.run(c));
        assertEquals(List.of(PASSWORD), hashed);
        assertEquals(AdminRole.ADMIN, admin("alice").role());
        assertEquals("Alice Martin", admin("alice").displayName());
    }

    @Test
    void addDefaultsToViewer() throws Exception {
        shell.run(typing(add("alice", "admin"), PASSWORD, PASSWORD));
        AdminAddCommand c = typing(new AdminAddCommand(), PASSWORD, PASSWORD);
        c.login = "victor";
        shell.run(c);
        assertEquals(AdminRole.VIEWER, admin("victor").role());
    }

    @Test
    void passwordsThatDifferOrBreakThePolicyAreRefusedBeforeHashing() {
        assertEquals("the two passwords typed for alice differ; nothing was changed: run the command again",
            shell.fail(typing(add("alice", "admin"), PASSWORD, PASSWORD + "!")).getMessage());

        ModelException shortOne = (ModelException) shell.fail(typing(add("alice", "admin"), "short", "short"))
            .getCause();
        assertEquals(Rule.PASSWORD_POLICY, shortOne.rule());
        assertFalse(shortOne.getMessage().contains("short"), "never echo the password: " + shortOne.getMessage());

        AdminAddCommand endOfInput = typing(add("alice", "admin"));
        endOfInput.prompt = text -> null;
        assertTrue(shell.fail(endOfInput).getMessage().startsWith("no password was typed"));
        assertTrue(hashed.isEmpty());
        assertTrue(shell.directory.inventory().administrators().isEmpty());
    }

    @Test
    void badLoginRoleOrDuplicateAreRefusedBeforeThePrompt() throws Exception {
        // The fixture's default prompt fails the test if it is called.
        assertEquals(Rule.LOGIN, ((ModelException) shell.fail(add("Alice", "admin")).getCause()).rule());
        assertEquals("--role: 'root' is not a valid administrator role; use one of: admin, viewer",
            shell.fail(add("alice", "root")).getMessage());
        assertEquals("[rule last-admin] there is no administrator yet and the first one must have role admin, "
            + "or nobody could change LCMS; add it with lcms:admin-add --role admin victor",
            shell.fail(add("victor", "viewer")).getMessage());
        shell.run(typing(add("alice", "admin"), PASSWORD, PASSWORD));
        assertEquals(Rule.ADMIN_UNIQUE, ((ModelException) shell.fail(add("alice", "viewer")).getCause()).rule());
    }

    @Test
    void generatedPasswordIsPrintedOnceAndAuthenticates() throws Exception {
        AdminAddCommand c = add("alice", "admin");
        c.generate = true; // real PBKDF2 here, once, to prove the printed password is the stored one
        String out = shell.run(c);

        Matcher m = Pattern.compile("Generated password for alice \\(shown only now; store it in your password "
            + "manager\\): (\\S+)\n").matcher(out);
        assertTrue(m.find(), out);
        String password = m.group(1);
        assertEquals(PasswordSettingCommand.GENERATED_LENGTH, password.length());
        assertTrue(password.chars().allMatch(ch -> org.lcms.model.api.PasswordPolicy.GENERATED_ALPHABET.indexOf(ch) >= 0), password);
        assertTrue(shell.directory.authenticate("alice", password.toCharArray()).isPresent());
    }

    @Test
    void generatedPasswordsUseTheUnambiguousAlphabet() throws Exception {
        AdminChangeCommand c = new AdminChangeCommand();
        char[] p = c.newPassword("alice", true);
        assertEquals(20, p.length);
        for (char ch : p) {
            assertFalse("0O1lIo".indexOf(ch) >= 0, "ambiguous " + ch);
        }
        char[] q = c.newPassword("alice", true);
        assertFalse(java.util.Arrays.equals(p, q));
    }

    @Test
    void typedPasswordArraysAreWiped() throws Exception {
        List<char[]> given = new ArrayList<>();
        AdminAddCommand c = typing(add("alice", "admin"), PASSWORD, PASSWORD);
        c.hashing = password -> {
            given.add(password);
            return ShellFixture.FAST_HASH;
        };
        shell.run(c);
        assertArrayEquals(new char[PASSWORD.length()], given.get(0));
    }

    @Test
    void listNeverShowsHashes() throws Exception {
        shell.run(typing(add("alice", "admin"), PASSWORD, PASSWORD));
        String out = shell.run(new AdminListCommand());
        assertTrue(out.contains("alice"), out);
        assertTrue(out.contains("2025-03-01T08:00:01Z"), out);
        assertFalse(out.contains("pbkdf2"), out);
        assertFalse(out.contains(ShellFixture.FAST_HASH.encoded()), out);
    }

    @Test
    void changeRoleNameAndPassword() throws Exception {
        shell.run(typing(add("alice", "admin"), PASSWORD, PASSWORD));
        shell.run(typing(add("bob", "viewer"), PASSWORD, PASSWORD));

        AdminChangeCommand role = new AdminChangeCommand();
        role.login = "bob";
        role.role = "admin";
        role.displayName = "Bob";
        assertEquals("administrator bob: display name '' -> 'Bob'; role viewer -> admin (change 3)\n",
            shell.run(role));

        AdminChangeCommand reset = typing(new AdminChangeCommand(), "another long passphrase",
            "another long passphrase");
        reset.login = "bob";
        reset.resetPassword = true;
        reset.hashing = password -> new PasswordHash("$pbkdf2-sha256$i=1$b3RoZXI$b3RoZXI");
        assertEquals("administrator bob: password changed (change 4)\n", shell.run(reset));

        AdminChangeCommand both = new AdminChangeCommand();
        both.login = "bob";
        both.resetPassword = true;
        both.generate = true;
        assertTrue(shell.fail(both).getMessage().startsWith("use --reset-password"));

        AdminChangeCommand stale = new AdminChangeCommand();
        stale.login = "bob";
        stale.role = "viewer";
        stale.revision = "1";
        assertTrue(shell.fail(stale).getMessage().contains("administrator bob was changed by alice"));
    }

    @Test
    void removeKeepsTheLastAdmin() throws Exception {
        shell.run(typing(add("alice", "admin"), PASSWORD, PASSWORD));
        shell.run(typing(add("bob", "viewer"), PASSWORD, PASSWORD));

        AdminRemoveCommand alice = new AdminRemoveCommand();
        alice.login = "alice";
        assertEquals(Rule.LAST_ADMIN, ((ModelException) shell.fail(alice).getCause()).rule());

        AdminRemoveCommand bob = new AdminRemoveCommand();
        bob.login = "bob";
        assertEquals("removed administrator bob (change 3)\n", shell.run(bob));
    }
}
