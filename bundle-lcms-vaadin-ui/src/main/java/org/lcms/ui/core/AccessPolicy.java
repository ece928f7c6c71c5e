package org.lcms.ui.core;

import java.util.Optional;
import org.lcms.model.api.AdminRole;

/** Who may do what: an admin everything, a viewer only what is not admin-only, nobody anything without a login. */
public final class AccessPolicy {

    /** The answer for one attempt; {@code refusal} is the message shown and logged when it is not allowed. */
    public record Decision(boolean allowed, String refusal) {
        static final Decision ALLOW = new Decision(true, "");
    }

    private AccessPolicy() {
    }

    /**
     * @param login who tries (for the message), empty without a session
     * @param role their role, empty without a session
     */
    public static Decision decide(Optional<String> login, Optional<AdminRole> role, UiAction action) {
        if (login.isEmpty() || role.isEmpty()) {
            return new Decision(false, "Refused: log in to " + action.description() + ".");
        }
        if (action.adminOnly() && role.get() != AdminRole.ADMIN) {
            return new Decision(false, "Refused: " + login.get() + " is a " + role.get().code()
                + " and may not " + action.description() + "; ask an administrator with the admin role.");
        }
        return Decision.ALLOW;
    }
}
