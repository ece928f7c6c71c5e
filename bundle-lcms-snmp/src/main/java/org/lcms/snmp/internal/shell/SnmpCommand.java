package org.lcms.snmp.internal.shell;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;
import org.lcms.snmp.api.ClusterState;

/** Base of the SNMP manager's commands: finds the live state and turns operator errors into a plain message. */
abstract class SnmpCommand implements Action {
    static final String MANAGER_UNAVAILABLE = "LCMS SNMP manager is not running: check etc/org.lcms.snmp.cfg and "
        + "the Karaf log (log:display | grep 'LCMS SNMP')";

    @Reference(optional = true)
    ClusterState state;

    /** Where the command writes; null in the shell, set by tests. */
    PrintStream out;

    @Override
    public final Object execute() throws Exception {
        try {
            run();
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
        return null;
    }

    abstract void run() throws Exception;

    final PrintStream out() {
        return out != null ? out : System.out;
    }

    final ClusterState state() throws CommandException {
        if (state == null) {
            throw new CommandException(MANAGER_UNAVAILABLE);
        }
        return state;
    }

    /** "3 s ago", "never". */
    static String ago(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        Duration d = Duration.between(then, now);
        if (d.toSeconds() < 120) {
            return Math.max(0, d.toSeconds()) + " s ago";
        }
        return d.toMinutes() < 120 ? d.toMinutes() + " min ago" : d.toHours() + " h ago";
    }
}
