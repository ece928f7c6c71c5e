package org.lcms.ui.internal.view;

import javax.servlet.ServletContext;
import javax.servlet.ServletContextEvent;
import javax.servlet.ServletContextListener;
import org.osgi.framework.BundleContext;

/**
 * Sets up the services and the live feed when the web application starts, and releases them (trackers, listener on
 * the live state, threads) when it stops, so an uninstall or redeployment leaves nothing behind.
 *
 * <p>Each listener instance closes only what it created: when the web server restarts (its configuration changed, e.g.
 * by the HTTPS set-up on a first start) the old deployment's end may be reported after the new one's start on the same
 * servlet context, and must not close the new deployment's feed.
 */
public final class LcmsServicesListener implements ServletContextListener {
    /** Where Pax Web's WAB extender puts the web application bundle's context (OSGi R7 Web Applications spec). */
    static final String BUNDLE_CONTEXT = "osgi-bundlecontext";

    private LcmsServices services;
    private LiveFeed feed;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext servletContext = event.getServletContext();
        Object context = servletContext.getAttribute(BUNDLE_CONTEXT);
        if (!(context instanceof BundleContext bundleContext)) {
            throw new IllegalStateException("LCMS UI: no " + BUNDLE_CONTEXT + " in the servlet context; it must be "
                + "deployed as a web application bundle by Pax Web (feature war)");
        }
        services = new LcmsServices(bundleContext);
        feed = new LiveFeed(services);
        servletContext.setAttribute(LcmsServices.ATTRIBUTE, services);
        servletContext.setAttribute(LiveFeed.ATTRIBUTE, feed);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext servletContext = event.getServletContext();
        if (servletContext.getAttribute(LiveFeed.ATTRIBUTE) == feed) {
            servletContext.removeAttribute(LiveFeed.ATTRIBUTE);
        }
        if (servletContext.getAttribute(LcmsServices.ATTRIBUTE) == services) {
            servletContext.removeAttribute(LcmsServices.ATTRIBUTE);
        }
        if (feed != null) {
            feed.close();
        }
        if (services != null) {
            services.close();
        }
    }
}
