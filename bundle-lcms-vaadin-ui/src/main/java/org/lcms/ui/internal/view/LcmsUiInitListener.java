package org.lcms.ui.internal.view;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;

/**
 * Sets up the Vaadin application when its service starts (found through META-INF/services): the routes, registered in
 * code because a bundle's classes are not scanned for {@code @Route}; the access check before every navigation; and
 * server push for logged-in UIs (set per UI because {@code @Push} sits on an app shell, which is also found by scanning).
 */
public final class LcmsUiInitListener implements VaadinServiceInitListener {
    @Override
    public void serviceInit(ServiceInitEvent event) {
        RouteConfiguration routes = RouteConfiguration.forApplicationScope();
        routes.setRoute("login", LoginView.class);
        routes.setRoute("", DashboardView.class, MainLayout.class);
        routes.setRoute("clusters", ClustersView.class, MainLayout.class);
        routes.setRoute("hosts", HostsView.class, MainLayout.class);
        routes.setRoute("events", EventsView.class, MainLayout.class);
        routes.setRoute("administrators", AdministratorsView.class, MainLayout.class);
        event.getSource().addUIInitListener(e -> prepare(e.getUI()));
    }

    /**
     * Push (both ways over one WebSocket, as in the recipe that measured it) only for a logged-in session: the login
     * needs none, and its request must be an ordinary HTTP request so that the session id can be changed at the
     * login. The login reloads the page, so the views after it get a UI of their own, with push.
     */
    private static void prepare(UI ui) {
        if (SessionUser.current().isPresent()) {
            ui.getPushConfiguration().setPushMode(PushMode.AUTOMATIC);
            ui.getPushConfiguration().setTransport(Transport.WEBSOCKET);
        }
        ui.addBeforeEnterListener(AccessGate::beforeEnter);
    }
}
