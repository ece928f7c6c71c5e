package org.lcms.ui.internal.view;

import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.communication.JSR356WebsocketInitializer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.servlet.ServletContainerInitializer;
import javax.servlet.ServletContext;
import javax.servlet.ServletRegistration;
import org.atmosphere.cpr.AtmosphereFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps WebSocket push working in a Pax Web WAB. Vaadin's JSR356WebsocketInitializer (a {@code @WebListener}) gives
 * every servlet whose class it cannot load its own Atmosphere endpoint on /VAADIN/push; Pax Web's nameless "default"
 * servlet is one. That endpoint has no push handler (only the Vaadin servlet's own endpoint gets one), and when it is
 * the one Jetty hands the browser's WebSocket to, the socket opens, the server logs "AtmosphereHandler.onRequest called
 * before PushHandler has been set" and the UI's push connection never connects: every {@code ui.access} of the live
 * feed then waits for a push that never goes out, and the dashboard stays as first rendered.
 *
 * <p>Marking the other servlets as already initialized (the initializer skips any with the attribute set) leaves the
 * endpoint to Vaadin's servlet, but only if it happens before the initializer runs. As a servlet listener (declared
 * first in web.xml) it did not: Pax Web calls the annotated listener and the web.xml ones in no fixed order, and in 3
 * of 6 WebUiIT runs the initializer came first. A ServletContainerInitializer runs before every listener's
 * contextInitialized (Servlet spec 4.4), so the order is now fixed. {@link #extraPushEndpoints} lets the service
 * check at start that it worked.
 */
public final class AtmosphereOnlyForVaadin implements ServletContainerInitializer {
    private static final Logger LOG = LoggerFactory.getLogger(AtmosphereOnlyForVaadin.class);

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext servletContext) {
        List<String> skipped = new ArrayList<>();
        for (ServletRegistration registration : servletContext.getServletRegistrations().values()) {
            if (!isVaadinServlet(registration)) {
                servletContext.setAttribute(JSR356WebsocketInitializer.getAttributeName(registration.getName()),
                    Boolean.FALSE);
                skipped.add(registration.getName());
            }
        }
        LOG.debug("LCMS UI: no push endpoint for the servlets {}", skipped);
    }

    /** The servlets other than {@code vaadinServlet} that have an Atmosphere push endpoint of their own. */
    static List<String> extraPushEndpoints(ServletContext servletContext, String vaadinServlet) {
        String prefix = JSR356WebsocketInitializer.getAttributeName("");
        List<String> extra = new ArrayList<>();
        for (String name : Collections.list(servletContext.getAttributeNames())) {
            if (name.startsWith(prefix) && servletContext.getAttribute(name) instanceof AtmosphereFramework
                && !name.equals(prefix + vaadinServlet)) {
                extra.add(name.substring(prefix.length()));
            }
        }
        return extra;
    }

    private static boolean isVaadinServlet(ServletRegistration registration) {
        String className = registration.getClassName();
        if (className == null) {
            return false;
        }
        try {
            return VaadinServlet.class.isAssignableFrom(
                Class.forName(className, false, AtmosphereOnlyForVaadin.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
