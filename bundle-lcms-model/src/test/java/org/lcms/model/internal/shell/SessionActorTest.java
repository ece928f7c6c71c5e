package org.lcms.model.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.Principal;
import java.security.PrivilegedAction;
import java.util.Set;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;

class SessionActorTest {

    /** Stands in for org.apache.karaf.jaas.boot.principal.UserPrincipal: matched by simple name. */
    record UserPrincipal(String getName) implements Principal {
    }

    record RolePrincipal(String getName) implements Principal {
    }

    @Test
    void theJaasUserOfTheSession() {
        Subject subject = new Subject(true, Set.of(new RolePrincipal("admin"), new UserPrincipal("alice")),
            Set.of(), Set.of());
        assertEquals("alice", SessionActor.of(subject));
        @SuppressWarnings("removal")
        String inside = Subject.doAs(subject, (PrivilegedAction<String>) SessionActor::current);
        assertEquals("alice", inside);
    }

    @Test
    void consoleWithoutUser() {
        assertEquals("console", SessionActor.current());
        assertEquals("console", SessionActor.of(new Subject(true, Set.of(new RolePrincipal("admin")), Set.of(),
            Set.of())));
    }
}
