package org.lcms.ui.internal.view;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinServletService;
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up the Vaadin application when its service starts (found through META-INF/services): the routes, registered in
 * code because a bundle's classes are not scanned for {@code @Route}; the access check before every navigation; and
 * server push for logged-in UIs (set per UI because {@code @Push} sits on an app shell, which is also found by scanning).
 */
public final class LcmsUiInitListener implements VaadinServiceInitListener {
    private static final Logger LOG = LoggerFactory.getLogger(LcmsUiInitListener.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        checkOnePushEndpoint(event);
        RouteConfiguration routes = RouteConfiguration.forApplicationScope();
        routes.setRoute("login", LoginView.class);
        routes.setRoute("", DashboardView.class, MainLayout.class);
        routes.setRoute("clusters", ClustersView.class, MainLayout.class);
        routes.setRoute("clusters", ClusterView.class, MainLayout.class); // clusters/<id>: HasUrlParameter
        routes.setRoute("build", ClusterBuilderView.class, MainLayout.class);
        routes.setRoute("hosts", HostsView.class, MainLayout.class);
        routes.setRoute("events", EventsView.class, MainLayout.class);
        routes.setRoute("administrators", AdministratorsView.class, MainLayout.class);
        event.getSource().addUIInitListener(e -> prepare(e.getUI()));
    }

    /**
     * A second Atmosphere endpoint on /VAADIN/push (see {@link AtmosphereOnlyForVaadin}) takes browsers' WebSockets
     * without ever connecting them to their UI: live updates then never arrive, with no error anywhere else. Said
     * loudly at start instead.
     */
    private static void checkOnePushEndpoint(ServiceInitEvent event) {
        if (event.getSource() instanceof VaadinServletService service) {
            String servlet = service.getServlet().getServletName();
            List<String> extra = AtmosphereOnlyForVaadin.extraPushEndpoints(service.getServlet().getServletContext(),
                servlet);
            if (extra.isEmpty()) {
                LOG.info("LCMS UI: one push endpoint, the one of servlet {}", servlet);
            } else {
                LOG.error("LCMS UI: push endpoints of other servlets {} besides {}'s: a browser whose WebSocket they "
                    + "take gets no live updates", extra, servlet);
            }
        }
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
