package org.lcms.ui.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ObjectKind;

/**
 * One login attempt from start to end: refused unchecked while the account or the address is locked, checked against
 * the directory otherwise, and every failure counted. Failed logins and lockouts go to the directory's history (what
 * an auditor reads), at most {@link #RECORDS_PER_MINUTE} a minute so that guessing cannot flood it; what is left out
 * is counted in the next record.
 */
public final class LoginAttempts {
    public static final int RECORDS_PER_MINUTE = 30;
    /** The history's actor for what the UI records on its own. */
    public static final String ACTOR = "lcms-ui";

    /** How an attempt ended. */
    public sealed interface Outcome {
    }

    public record LoggedIn(Administrator administrator) implements Outcome {
    }

    /** @param message for the login form: says what to do, never whether the login exists */
    public record Refused(String message) implements Outcome {
    }

    private final LoginThrottle throttle;
    private final Clock clock;
    private final RateLimit records = new RateLimit(RECORDS_PER_MINUTE, Duration.ofMinutes(1));

    public LoginAttempts(LoginThrottle throttle, Clock clock) {
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param record where history records go (the caller runs them off the request thread: LDAP may block)
     * @param log one line per noteworthy outcome, for the log
     */
    public Outcome attempt(ClusterDirectory directory, String login, char[] password, String address,
                           Consumer<ModelChange.RecordEvent> record, Consumer<String> log) {
        String who = login == null ? "" : login.strip();
        Instant now = clock.instant();
        Optional<LoginThrottle.Lock> lock = throttle.lockFor(who, address, now);
        if (lock.isPresent()) {
            java.util.Arrays.fill(password, '\0');
            return new Refused(lock.get().message(now));
        }
        if (who.isEmpty()) {
            return new Refused("Enter your login and password.");
        }
        Optional<Administrator> admin = directory.authenticate(who, password);
        if (admin.isPresent()) {
            throttle.recordSuccess(who);
            return new LoggedIn(admin.get());
        }
        LoginThrottle.Failure failure = throttle.recordFailure(who, address, now);
        String detail = "minor: failed login for '" + who + "' from " + address + " (" + failure.failuresInWindow()
            + " of " + throttle.settings().maxFailuresPerLogin() + " within "
            + throttle.settings().window().toMinutes() + " min)";
        report(who, "loginFailed", detail, now, record, log);
        if (failure.newLock().isPresent()) {
            LoginThrottle.Lock l = failure.newLock().get();
            report(who, "loginLocked", "major: " + (l.scope() == LoginThrottle.Scope.LOGIN ? "account '" + who + "'"
                : "client address " + address) + " locked until " + l.until() + " after repeated failed logins",
                now, record, log);
            return new Refused(l.message(now));
        }
        return new Refused("Wrong login or password.");
    }

    private void report(String login, String event, String detail, Instant now,
                        Consumer<ModelChange.RecordEvent> record, Consumer<String> log) {
        long leftOut = records.tryAcquire(now);
        if (leftOut < 0) {
            return;
        }
        String text = leftOut == 0 ? detail : detail + " (" + leftOut + " more failed-login records left out)";
        log.accept(text);
        record.accept(new ModelChange.RecordEvent(ObjectKind.ADMINISTRATOR, login.isEmpty() ? "-" : login, event,
            text, Set.of()));
    }
}
