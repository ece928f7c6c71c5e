package org.lcms.model.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.DirectoryInfo;
import org.lcms.model.internal.runtime.DirectoryRuntime;
import org.lcms.model.internal.runtime.DirectorySettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@link ClusterDirectory} configured in {@code etc/org.lcms.directory.cfg}. The component itself
 * provides no service: it registers the directory only once it has started, so a configuration that cannot
 * work is logged with what to fix and the service stays unregistered (a DS-provided service would stay
 * registered with a failed component behind it: half-working).
 */
@Component(configurationPid = DirectoryComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
    immediate = true)
@Designate(ocd = DirectoryConfiguration.class)
public final class DirectoryComponent {
    public static final String PID = "org.lcms.directory";
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryComponent.class);

    private final DirectoryRuntime runtime;
    private final ServiceRegistration<ClusterDirectory> registration;

    @Activate
    public DirectoryComponent(DirectoryConfiguration config, BundleContext context) {
        DirectorySettings settings;
        DirectoryRuntime opened;
        try {
            settings = DirectorySettings.from(config, System.getProperty("karaf.data"));
            opened = DirectoryRuntime.open(settings, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            LOG.error("LCMS directory NOT started: {}", e.getMessage());
            DirectoryHealth.startFailed(e.getMessage());
            runtime = null;
            registration = null;
            return;
        }
        runtime = opened;
        DirectoryHealth.started();
        ClusterDirectory directory = runtime.directory();
        DirectoryInfo info = directory.info();
        LOG.info("LCMS directory ready: {} {} base {} (model revision {})", info.mode(), info.location(),
            info.baseDn(), info.modelRevision());
        runtime.ensureInitialAdministrator(settings.initialAdminLogin()).ifPresent(password -> {
            String line = "LCMS initial administrator created: login '" + settings.initialAdminLogin()
                + "', password '" + password + "' (shown this once; change it with lcms:admin-change "
                + "--reset-password " + settings.initialAdminLogin() + ")";
            LOG.warn(line);
            System.out.println(line);
        });
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("lcms.directory.mode", info.mode());
        props.put("lcms.directory.baseDn", info.baseDn());
        registration = context.registerService(ClusterDirectory.class, directory, props);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (runtime == null) {
            return;
        }
        try {
            runtime.close();
            LOG.info("LCMS directory stopped");
        } catch (IOException e) {
            LOG.warn("LCMS directory did not stop cleanly: {}", e.toString());
        }
    }
}
