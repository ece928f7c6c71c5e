package org.lcms.ui.internal;

import java.time.Clock;
import java.time.Duration;
import org.lcms.ui.core.LoginAttempts;
import org.lcms.ui.core.LoginThrottle;
import org.lcms.ui.core.LoginThrottleSettings;
import org.lcms.ui.core.UiSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The UI's settings (PID org.lcms.ui, optional) and the one login throttle all sessions share (in {@link LoginAttempts}). A service so that it
 * outlives the web application's redeployments (the web server restarts it when its own configuration changes) and
 * a lockout is not lifted by them. A changed configuration restarts it with a fresh throttle.
 */
@Component(service = UiSecurity.class, configurationPid = UiSecurity.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = UiSecurity.Config.class)
public final class UiSecurity {
    public static final String PID = "org.lcms.ui";

    @ObjectClassDefinition(name = "LCMS web UI", description = "Sessions and login protection of the LCMS web UI")
    public @interface Config {
        @AttributeDefinition(name = "Session timeout", description = "Minutes a session may stay idle before the "
            + "administrator must log in again (1..1440)")
        int sessionTimeoutMinutes() default 30;

        @AttributeDefinition(name = "Failures per login", description = "Failed logins for one account within the "
            + "window that lock the account (1..100)")
        int lockout_failures() default 5;

        @AttributeDefinition(name = "Failures per address", description = "Failed logins from one client address "
            + "within the window that lock the address, whatever the account (lockout.failures..10000)")
        int lockout_addressFailures() default 20;

        @AttributeDefinition(name = "Window", description = "Seconds within which failed logins count (1..86400)")
        int lockout_windowSeconds() default 300;

        @AttributeDefinition(name = "Lockout", description = "Seconds a lock lasts (1..86400)")
        int lockout_durationSeconds() default 300;

        @AttributeDefinition(name = "Live update interval", description = "Shortest time in milliseconds between "
            + "two live updates sent to a browser; a burst of events within it is sent as one (50..2000)")
        int pushIntervalMillis() default 250;
    }

    private final UiSettings settings;
    private final LoginAttempts logins;

    /** Refuses a bad setting at once, with a message naming it (the component then stays inactive). */
    @Activate
    public UiSecurity(Config config) {
        this(new UiSettings(Duration.ofMinutes(config.sessionTimeoutMinutes()),
            new LoginThrottleSettings(config.lockout_failures(), config.lockout_addressFailures(),
                Duration.ofSeconds(config.lockout_windowSeconds()), Duration.ofSeconds(config.lockout_durationSeconds()),
                LoginThrottleSettings.DEFAULTS.maxTracked()),
            Duration.ofMillis(config.pushIntervalMillis())));
    }

    UiSecurity(UiSettings settings) {
        this.settings = settings;
        this.logins = new LoginAttempts(new LoginThrottle(settings.login()), Clock.systemUTC());
    }

    public UiSettings settings() {
        return settings;
    }

    /** The login attempts of every session, throttled together. */
    public LoginAttempts logins() {
        return logins;
    }
}
