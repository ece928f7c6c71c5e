package org.lcms.ui.internal.view;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.VaadinSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The frame of every view after the login: title, who is logged in, logout, and the navigation. */
public final class MainLayout extends AppLayout {
    private static final Logger LOG = LoggerFactory.getLogger(MainLayout.class);

    public MainLayout() {
        H2 title = new H2("LCMS");
        title.getStyle().set("margin", "0 var(--lumo-space-m)").set("font-size", "var(--lumo-font-size-l)");
        Span user = new Span(SessionUser.current().map(SessionUser::label).orElse(""));
        user.setId("current-user");
        Button logout = new Button("Log out", e -> logout());
        logout.setId("logout");
        HorizontalLayout bar = new HorizontalLayout(new DrawerToggle(), title, user, logout);
        bar.setWidthFull();
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        bar.expand(user);
        bar.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(bar);

        VerticalLayout nav = new VerticalLayout();
        nav.add(link("Dashboard", DashboardView.class, "nav-dashboard"),
            link("Clusters", ClustersView.class, "nav-clusters"));
        if (AccessGate.mayEnter(ClusterBuilderView.class)) {
            nav.add(link("Build a cluster", ClusterBuilderView.class, "nav-build"));
        }
        nav.add(link("Hosts", HostsView.class, "nav-hosts"), link("Events", EventsView.class, "nav-events"));
        if (AccessGate.mayEnter(AdministratorsView.class)) {
            nav.add(link("Administrators", AdministratorsView.class, "nav-administrators"));
        }
        addToDrawer(nav);
    }

    private static RouterLink link(String text, Class<? extends Component> view, String id) {
        RouterLink link = new RouterLink(text, view);
        link.setId(id);
        return link;
    }

    /**
     * Ends the session on the server (not just on the page) and goes to the login. The administrator leaves the
     * session at once; the Vaadin session and its UIs are discarded at the end of this request
     * ({@link VaadinSession#close}). Invalidating the HTTP session here instead closes the UI before its answer is
     * pushed, and the redirect to the login was lost now and then (the click arrives over the push WebSocket).
     */
    private void logout() {
        SessionUser.current().ifPresent(u -> LOG.info("LCMS UI: {} logged out", u.login()));
        VaadinSession session = VaadinSession.getCurrent();
        session.setAttribute(SessionUser.class, null);
        getUI().ifPresent(ui -> ui.getPage().setLocation("./login"));
        session.close();
    }
}
