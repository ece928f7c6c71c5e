package org.lcms.ui.internal.view;

import javax.servlet.ServletContext;
import javax.servlet.ServletContextEvent;
import javax.servlet.ServletContextListener;
import org.osgi.framework.BundleContext;

/**
 * Sets up the services and the live feed when the web application starts, and releases them (trackers, listener on
 * the live state, threads) when it stops, so an uninstall or redeployment leaves nothing behind.
 */
public final class LcmsServicesListener implements ServletContextListener {
    /** Where Pax Web's WAB extender puts the web application bundle's context (OSGi R7 Web Applications spec). */
    static final String BUNDLE_CONTEXT = "osgi-bundlecontext";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext servletContext = event.getServletContext();
        Object context = servletContext.getAttribute(BUNDLE_CONTEXT);
        if (!(context instanceof BundleContext bundleContext)) {
            throw new IllegalStateException("LCMS UI: no " + BUNDLE_CONTEXT + " in the servlet context; it must be "
                + "deployed as a web application bundle by Pax Web (feature war)");
        }
        LcmsServices services = new LcmsServices(bundleContext);
        servletContext.setAttribute(LcmsServices.ATTRIBUTE, services);
        servletContext.setAttribute(LiveFeed.ATTRIBUTE, new LiveFeed(services));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext servletContext = event.getServletContext();
        Object feed = servletContext.getAttribute(LiveFeed.ATTRIBUTE);
        if (feed instanceof LiveFeed liveFeed) {
            liveFeed.close();
        }
        Object services = servletContext.getAttribute(LcmsServices.ATTRIBUTE);
        if (services instanceof LcmsServices s) {
            s.close();
        }
        servletContext.removeAttribute(LiveFeed.ATTRIBUTE);
        servletContext.removeAttribute(LcmsServices.ATTRIBUTE);
    }
}
