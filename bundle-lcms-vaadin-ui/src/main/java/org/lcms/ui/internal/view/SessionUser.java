package org.lcms.ui.internal.view;

import com.vaadin.flow.server.VaadinSession;
import java.io.Serializable;
import java.util.Optional;
import org.lcms.model.api.AdminRole;
import org.lcms.ui.core.AccessPolicy;
import org.lcms.ui.core.UiAction;

/** The administrator logged in to a Vaadin session; there is none before the login and after the logout. */
record SessionUser(String login, String displayName, AdminRole role) implements Serializable {

    static Optional<SessionUser> current() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(SessionUser.class));
    }

    /** Whether the current session's administrator (if any) may do {@code action}. */
    static AccessPolicy.Decision decide(UiAction action) {
        Optional<SessionUser> user = current();
        return AccessPolicy.decide(user.map(SessionUser::login), user.map(SessionUser::role), action);
    }

    /**
     * Takes the session's administrator as the model has it now, before an action that changes the model: a role
     * changed (or an account removed) since the login counts at once, not only from the next login. No change without
     * a session or when the model does not answer with one (the session's role then stands).
     */
    static void refresh(org.lcms.model.api.Inventory model) {
        VaadinSession session = VaadinSession.getCurrent();
        if (model.administrators().isEmpty()) {
            return; // not a model read from the directory
        }
        current().ifPresent(user -> {
            Optional<org.lcms.model.api.Administrator> now = model.administrator(user.login());
            if (now.isEmpty()) {
                session.setAttribute(SessionUser.class, null);
            } else if (now.get().role() != user.role()) {
                session.setAttribute(SessionUser.class, new SessionUser(user.login(), user.displayName(),
                    now.get().role()));
            }
        });
    }

    boolean admin() {
        return role == AdminRole.ADMIN;
    }

    /** "Ann Admin (admin)" or "ann (viewer)". */
    String label() {
        return (displayName.isBlank() ? login : displayName) + " (" + role.code() + ")";
    }
}
