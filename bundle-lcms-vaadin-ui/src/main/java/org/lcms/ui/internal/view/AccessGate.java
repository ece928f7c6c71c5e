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
        UiAction.VIEW_ADMINISTRATORS, ClusterBuilderView.class, UiAction.CHANGE_CLUSTER);

    private AccessGate() {
    }

    static void beforeEnter(BeforeEnterEvent event) {
        Class<?> target = event.getNavigationTarget();
        if (target == LoginView.class) {
            return;
        }
        if (SessionUser.current().isEmpty()) {
            // forwardTo (not rerouteTo): the address bar shows /lcms/login, so a reload stays on the login.
            event.forwardTo(LoginView.class);
            return;
        }
        UiAction needed = RESTRICTED.get(target);
        if (needed != null && !SessionUser.decide(needed).allowed()) {
            event.forwardTo(DashboardView.class);
            // Said (and logged) once the dashboard is shown: a notification opened during the navigation is lost.
            event.getUI().access(() -> ActionGuard.permit(needed));
        }
    }

    /** Whether the session's administrator may see {@code view} (to leave it out of the navigation otherwise). */
    static boolean mayEnter(Class<?> view) {
        UiAction needed = RESTRICTED.get(view);
        return needed == null || SessionUser.decide(needed).allowed();
    }
}
