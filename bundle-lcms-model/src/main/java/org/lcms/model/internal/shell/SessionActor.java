package org.lcms.model.internal.shell;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/**
 * The name under which a shell session changes the model: the JAAS user Karaf logged in. Matched by the class
 * simple name {@code UserPrincipal} (org.apache.karaf.jaas.boot.principal) to avoid a dependency on Karaf JAAS.
 */
final class SessionActor {
    /** The actor when the session has no JAAS user (e.g. a script run without login). */
    static final String CONSOLE = "console";

    private SessionActor() {
    }

    /** The user of the session running on this thread, or {@link #CONSOLE}. */
    @SuppressWarnings("removal") // Karaf 4.4 runs commands in Subject.doAs; Subject.current() needs Java 18
    static String current() {
        try {
            return of(Subject.getSubject(AccessController.getContext()));
        } catch (UnsupportedOperationException | SecurityException e) {
            return CONSOLE;
        }
    }

    static String of(Subject subject) {
        if (subject != null) {
            for (Principal p : subject.getPrincipals()) {
                if (p.getClass().getSimpleName().equals("UserPrincipal") && p.getName() != null
                    && !p.getName().isBlank()) {
                    return p.getName();
                }
            }
        }
        return CONSOLE;
    }
}
