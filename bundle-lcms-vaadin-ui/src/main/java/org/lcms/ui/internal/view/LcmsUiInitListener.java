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
 * server push for every UI (set per UI because {@code @Push} sits on an app shell, which is also found by scanning).
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

    private static void prepare(UI ui) {
        // Server to browser over WebSocket; browser to server over plain requests, so that the login's request is an
        // ordinary HTTP request whose session id can be changed.
        ui.getPushConfiguration().setPushMode(PushMode.AUTOMATIC);
        ui.getPushConfiguration().setTransport(Transport.WEBSOCKET_XHR);
        ui.addBeforeEnterListener(AccessGate::beforeEnter);
    }
}
