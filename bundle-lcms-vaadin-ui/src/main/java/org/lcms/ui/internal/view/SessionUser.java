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

    boolean admin() {
        return role == AdminRole.ADMIN;
    }

    /** "Ann Admin (admin)" or "ann (viewer)". */
    String label() {
        return (displayName.isBlank() ? login : displayName) + " (" + role.code() + ")";
    }
}
