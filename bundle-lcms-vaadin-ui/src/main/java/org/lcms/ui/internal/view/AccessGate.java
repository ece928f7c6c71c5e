package org.lcms.ui.internal.view;

import com.vaadin.flow.router.BeforeEnterEvent;
import java.util.Map;
import org.lcms.ui.core.UiAction;

/**
 * Checked before every navigation: without a logged-in administrator every route but the login leads to the login;
 * a route that needs a role the administrator lacks leads to the dashboard with the reason.
 */
final class AccessGate {
    /** Views that need more than a login, and the action that stands for seeing them. */
    private static final Map<Class<?>, UiAction> RESTRICTED = Map.of(AdministratorsView.class,
        UiAction.VIEW_ADMINISTRATORS);

    private AccessGate() {
    }

    static void beforeEnter(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        if (target == LoginView.class) {
            return;
        }
        var user = SessionUser.current();
        if (user.isEmpty()) {
            event.rerouteTo(LoginView.class);
            return;
        }
        UiAction needed = RESTRICTED.get(target);
        if (needed != null && !ActionGuard.permit(needed)) {
            event.rerouteTo(DashboardView.class);
        }
    }

    /** Whether the session's administrator may see {@code view} (to leave it out of the navigation otherwise). */
    static boolean mayEnter(Class<?> view) {
        UiAction needed = RESTRICTED.get(view);
        return needed == null || SessionUser.decide(needed).allowed();
    }
}
