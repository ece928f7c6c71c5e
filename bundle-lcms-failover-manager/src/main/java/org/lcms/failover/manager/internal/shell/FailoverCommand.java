package org.lcms.failover.manager.internal.shell;

import java.io.PrintStream;
import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;
import org.lcms.failover.manager.api.FailoverActionException;
import org.lcms.failover.manager.api.FailoverOperations;

/**
 * Base of the failover commands: finds the service, names the actor (the session's JAAS user) and turns a refused
 * action into a plain message (a CommandException: no stack trace, not logged as an error).
 */
abstract class FailoverCommand implements Action {
    static final String UNAVAILABLE = "LCMS failover operations are not available: they need the directory "
        + "(lcms:directory-status) and the SNMP manager (etc/org.lcms.snmp.cfg, lcms:hosts-status) running";

    @Reference(optional = true)
    FailoverOperations operations;

    /** Where the command writes; null in the shell, set by tests. */
    PrintStream out;

    @Override
    public final Object execute() throws Exception {
        try {
            run();
        } catch (FailoverActionException | IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
        return null;
    }

    abstract void run() throws Exception;

    final FailoverOperations operations() throws CommandException {
        if (operations == null) {
            throw new CommandException(UNAVAILABLE);
        }
        return operations;
    }

    final PrintStream out() {
        return out != null ? out : System.out;
    }

    /** The JAAS user of this shell session (Karaf runs commands in Subject.doAs), else "console". */
    @SuppressWarnings("removal")
    static String actor() {
        try {
            Subject s = Subject.getSubject(AccessController.getContext());
            if (s != null) {
                for (Principal p : s.getPrincipals()) {
                    if (p.getClass().getSimpleName().equals("UserPrincipal") && p.getName() != null
                        && !p.getName().isBlank()) {
                        return p.getName();
                    }
                }
            }
        } catch (UnsupportedOperationException | SecurityException e) {
            // no subject: a script without login
        }
        return "console";
    }
}
