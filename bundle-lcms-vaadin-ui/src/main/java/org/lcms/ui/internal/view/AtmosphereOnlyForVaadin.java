package org.lcms.ui.internal.view;

import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.communication.JSR356WebsocketInitializer;
import javax.servlet.ServletContext;
import javax.servlet.ServletContextEvent;
import javax.servlet.ServletContextListener;
import javax.servlet.ServletRegistration;

/**
 * Keeps WebSocket push working in a Pax Web WAB. Vaadin's JSR356WebsocketInitializer gives every servlet whose class
 * it cannot load its own Atmosphere endpoint on /VAADIN/push; Pax Web's nameless "default" servlet is one, and its
 * endpoint (without a push handler) would take the browser's WebSocket and never answer. Marking the other servlets
 * as already initialized (the initializer skips any with the attribute set) leaves the endpoint to Vaadin's servlet.
 * Declared first in web.xml, so it runs before Vaadin's own listener.
 */
public final class AtmosphereOnlyForVaadin implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext servletContext = event.getServletContext();
        for (ServletRegistration registration : servletContext.getServletRegistrations().values()) {
            if (!isVaadinServlet(registration)) {
                servletContext.setAttribute(JSR356WebsocketInitializer.getAttributeName(registration.getName()),
                    Boolean.FALSE);
            }
        }
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
