package org.lcms.ui.core;

import java.time.Duration;

/**
 * The UI's operator settings, checked once when the configuration is read.
 *
 * @param sessionTimeout how long a session may stay idle before it ends (1 min .. 24 h)
 * @param login how login guessing is bounded
 * @param pushInterval the shortest time between two live updates sent to one browser (50 ms .. 2 s): a burst of
 *     events is sent as one update
 */
public record UiSettings(Duration sessionTimeout, LoginThrottleSettings login, Duration pushInterval) {

    public static final UiSettings DEFAULTS =
        new UiSettings(Duration.ofMinutes(30), LoginThrottleSettings.DEFAULTS, Duration.ofMillis(250));

    public UiSettings {
        Settings.require(sessionTimeout != null && sessionTimeout.toMinutes() >= 1 && sessionTimeout.toHours() <= 24,
            "sessionTimeoutMinutes " + (sessionTimeout == null ? "(none)" : sessionTimeout.toMinutes())
                + " is outside 1..1440");
        Settings.require(login != null, "login throttling settings missing");
        Settings.require(pushInterval != null && pushInterval.toMillis() >= 50 && pushInterval.toMillis() <= 2000,
            "pushIntervalMillis " + (pushInterval == null ? "(none)" : pushInterval.toMillis())
                + " is outside 50..2000");
    }
}
