package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.Applied;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.DirectoryInfo;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.PasswordHash;

class LoginAttemptsTest {
    private final List<ModelChange.RecordEvent> records = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private int passwordChecks;
    private final ClusterDirectory directory = new ClusterDirectory() {
        @Override
        public Inventory inventory() {
            return Inventory.empty();
        }

        @Override
        public Applied apply(String actor, ModelChange change) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<org.lcms.model.api.ModelException> check(String actor, ModelChange change) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ChangeRecord> history(HistoryQuery query) {
            return List.of();
        }

        @Override
        public Optional<Administrator> authenticate(String login, char[] password) {
            passwordChecks++;
            boolean ok = login.equals("ann") && new String(password).equals("right");
            java.util.Arrays.fill(password, '\0');
            return ok ? Optional.of(new Administrator("ann", "Ann", new PasswordHash("x"), AdminRole.ADMIN, null))
                : Optional.empty();
        }

        @Override
        public DirectoryInfo info() {
            throw new UnsupportedOperationException();
        }
    };
    private final LoginAttempts attempts = new LoginAttempts(new LoginThrottle(LoginThrottleSettings.DEFAULTS),
        Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC));

    private LoginAttempts.Outcome attempt(String login, String password) {
        return attempts.attempt(directory, login, password.toCharArray(), "10.0.0.1", records::add, log::add);
    }

    @Test
    void theRightPasswordLogsIn() {
        LoginAttempts.LoggedIn in = assertInstanceOf(LoginAttempts.LoggedIn.class, attempt("ann", "right"));
        assertEquals("ann", in.administrator().login());
        assertTrue(records.isEmpty());
    }

    @Test
    void aWrongPasswordIsRefusedAndRecorded() {
        LoginAttempts.Refused r = assertInstanceOf(LoginAttempts.Refused.class, attempt("ann", "wrong"));
        assertEquals("Wrong login or password.", r.message());
        assertEquals("loginFailed", records.get(0).event());
        assertEquals("ann", records.get(0).objectName());
        assertTrue(records.get(0).detail().contains("from 10.0.0.1 (1 of 5 within 5 min)"), records.get(0).detail());
    }

    @Test
    void theFifthFailureLocksAndALockedAccountIsNotEvenChecked() {
        for (int i = 0; i < 4; i++) {
            attempt("ann", "wrong" + i);
        }
        LoginAttempts.Refused fifth = assertInstanceOf(LoginAttempts.Refused.class, attempt("ann", "wrong"));
        assertTrue(fifth.message().startsWith("Too many failed logins for this account"), fifth.message());
        assertEquals("loginLocked", records.get(records.size() - 1).event());
        int checks = passwordChecks;
        char[] password = "right".toCharArray();
        LoginAttempts.Outcome locked = attempts.attempt(directory, "ann", password, "10.0.0.1", records::add, log::add);
        assertInstanceOf(LoginAttempts.Refused.class, locked, "even the right password, while locked");
        assertEquals(checks, passwordChecks, "the directory was not asked");
        assertArrayEquals(new char[5], password, "the password was wiped");
    }

    @Test
    void aFloodIsRecordedAtMostThirtyTimesAMinute() {
        LoginAttempts many = new LoginAttempts(new LoginThrottle(new LoginThrottleSettings(100, 10_000,
            java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(5), 10_000)),
            Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < 200; i++) {
            many.attempt(directory, "user" + i, "x".toCharArray(), "10.0.0." + (i % 250), records::add, log::add);
        }
        assertEquals(LoginAttempts.RECORDS_PER_MINUTE, records.size());
        assertEquals(LoginAttempts.RECORDS_PER_MINUTE, log.size());
    }
}
