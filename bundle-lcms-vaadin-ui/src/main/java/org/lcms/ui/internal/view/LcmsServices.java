package org.lcms.ui.internal.view;

import com.vaadin.flow.server.VaadinServlet;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.servlet.ServletContext;
import org.lcms.failover.manager.api.FailoverOperations;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.snmp.api.ClusterState;
import org.lcms.ui.internal.UiSecurity;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The OSGi services the views use, tracked through the web application's bundle context (which Pax Web puts in the
 * servlet context as {@code osgi-bundlecontext}). Each may be missing at any time (its feature not installed, or
 * restarting): callers get an {@link Optional} and tell the administrator what is missing. One per servlet context.
 *
 * <p>The live state (lcms-snmp) and failover (lcms-failover) packages are optional imports: when their bundles are not
 * there, their classes cannot be loaded, so those two are tracked by class name and cast only when a service exists.
 */
final class LcmsServices implements AutoCloseable {
    static final String ATTRIBUTE = LcmsServices.class.getName();
    static final String MISSING_MODEL = "The LCMS model (feature lcms-model) is not running";
    static final String MISSING_LIVE_STATE = "The live cluster state (feature lcms-snmp) is not running";
    static final String MISSING_FAILOVER = "The failover operations (feature lcms-failover) are not running";
    static final String SNMP_PID = "org.lcms.snmp";
    static final String MISSING_SECURITY = "The LCMS UI's settings service is not running yet (is scr installed?)";

    private final BundleContext context;
    private final ServiceTracker<ClusterDirectory, ClusterDirectory> directories;
    private final ServiceTracker<Object, Object> clusterStates;
    private final ServiceTracker<Object, Object> failovers;
    private final ServiceTracker<UiSecurity, UiSecurity> security;
    /** Blocking side work the UI must not wait for (recording failed logins in the history); drops when full. */
    private final ExecutorService background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(1000), r -> {
            Thread t = new Thread(r, "lcms-ui-background");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());

    LcmsServices(BundleContext context) {
        this.context = context;
        directories = new ServiceTracker<>(context, ClusterDirectory.class, null);
        clusterStates = new ServiceTracker<>(context, "org.lcms.snmp.api.ClusterState", null);
        failovers = new ServiceTracker<>(context, "org.lcms.failover.manager.api.FailoverOperations", null);
        security = new ServiceTracker<>(context, UiSecurity.class, null);
        directories.open();
        clusterStates.open();
        failovers.open();
        security.open();
    }

    /** The instance of the web application that is handling the current request. */
    static LcmsServices current() {
        return of(VaadinServlet.getCurrent().getServletContext());
    }

    static LcmsServices of(ServletContext servletContext) {
        LcmsServices services = (LcmsServices) servletContext.getAttribute(ATTRIBUTE);
        if (services == null) {
            throw new IllegalStateException("LCMS UI: the services were not set up (LcmsServicesListener missing "
                + "from web.xml?)");
        }
        return services;
    }

    BundleContext bundleContext() {
        return context;
    }

    Optional<ClusterDirectory> directory() {
        return Optional.ofNullable(directories.getService());
    }

    Optional<ClusterState> clusterState() {
        try {
            return Optional.ofNullable((ClusterState) clusterStates.getService());
        } catch (LinkageError | ClassCastException notWired) {
            return Optional.empty();
        }
    }

    /** The tracker of the live state service, for the live feed to follow it coming and going. */
    ServiceTracker<Object, Object> clusterStateTracker() {
        return clusterStates;
    }

    Optional<FailoverOperations> failover() {
        try {
            return Optional.ofNullable((FailoverOperations) failovers.getService());
        } catch (LinkageError | ClassCastException notWired) {
            return Optional.empty();
        }
    }

    /**
     * The SNMP profile names of the manager's configuration (PID org.lcms.snmp, {@code profile.NAME.*}), or empty
     * when they cannot be read (no configuration admin, no such configuration): a host's profile is then only
     * checked for its form.
     */
    Optional<java.util.Set<String>> snmpProfiles() {
        org.osgi.framework.ServiceReference<org.osgi.service.cm.ConfigurationAdmin> ref =
            context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
        if (ref == null) {
            return Optional.empty();
        }
        org.osgi.service.cm.ConfigurationAdmin admin = context.getService(ref);
        try {
            if (admin == null) {
                return Optional.empty();
            }
            org.osgi.service.cm.Configuration[] found = admin.listConfigurations("(service.pid=" + SNMP_PID + ")");
            if (found == null || found.length == 0 || found[0].getProperties() == null) {
                return Optional.empty();
            }
            return Optional.of(org.lcms.ui.core.HostForm.profileNames(
                java.util.Collections.list(found[0].getProperties().keys())));
        } catch (java.io.IOException | org.osgi.framework.InvalidSyntaxException | RuntimeException e) {
            return Optional.empty();
        } finally {
            context.ungetService(ref);
        }
    }

    Optional<UiSecurity> security() {
        return Optional.ofNullable(security.getService());
    }

    void inBackground(Runnable task) {
        background.execute(task);
    }

    @Override
    public void close() {
        background.shutdownNow();
        security.close();
        failovers.close();
        clusterStates.close();
        directories.close();
    }
}
