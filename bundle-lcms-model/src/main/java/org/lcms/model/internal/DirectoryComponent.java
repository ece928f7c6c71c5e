package org.lcms.model.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.Applied;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.DirectoryInfo;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.ModelChange;
import org.lcms.model.internal.runtime.DirectoryRuntime;
import org.lcms.model.internal.runtime.DirectorySettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@link ClusterDirectory} configured in {@code etc/org.lcms.directory.cfg}. A configuration that
 * cannot work is logged with what to fix and the service stays unregistered: nothing runs half-configured.
 */
@Component(service = ClusterDirectory.class, configurationPid = DirectoryComponent.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = DirectoryConfiguration.class)
public final class DirectoryComponent implements ClusterDirectory {
    public static final String PID = "org.lcms.directory";
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryComponent.class);

    private final DirectoryRuntime runtime;
    private final ClusterDirectory directory;

    @Activate
    public DirectoryComponent(DirectoryConfiguration config) {
        DirectorySettings settings;
        try {
            settings = DirectorySettings.from(config, System.getProperty("karaf.data"));
            runtime = DirectoryRuntime.open(settings, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            LOG.error("LCMS directory NOT started: {}", e.getMessage());
            throw new IllegalStateException("LCMS directory not started: " + e.getMessage(), e);
        }
        directory = runtime.directory();
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
    }

    @Deactivate
    void deactivate() {
        try {
            runtime.close();
            LOG.info("LCMS directory stopped");
        } catch (IOException e) {
            LOG.warn("LCMS directory did not stop cleanly: {}", e.toString());
        }
    }

    @Override
    public Inventory inventory() {
        return directory.inventory();
    }

    @Override
    public Applied apply(String actor, ModelChange change) {
        return directory.apply(actor, change);
    }

    @Override
    public List<ChangeRecord> history(HistoryQuery query) {
        return directory.history(query);
    }

    @Override
    public Optional<Administrator> authenticate(String login, char[] password) {
        return directory.authenticate(login, password);
    }

    @Override
    public DirectoryInfo info() {
        return directory.info();
    }
}
