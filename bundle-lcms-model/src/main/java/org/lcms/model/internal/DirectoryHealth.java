package org.lcms.model.internal;

import java.util.Optional;

/**
 * Why the directory did not start, for the shell: when {@code etc/org.lcms.directory.cfg} cannot work, every
 * lcms:* command says what to fix instead of only "not available" (the log may have rolled over by then).
 */
public final class DirectoryHealth {
    private static volatile String lastStartFailure = "";

    private DirectoryHealth() {
    }

    static void startFailed(String reason) {
        lastStartFailure = reason;
    }

    static void started() {
        lastStartFailure = "";
    }

    /** The reason the last start of the directory failed; empty if it started (or was not tried yet). */
    public static Optional<String> lastStartFailure() {
        String r = lastStartFailure;
        return r.isEmpty() ? Optional.empty() : Optional.of(r);
    }
}
