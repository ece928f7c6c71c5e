package org.lcms.snmp.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.snmp.api.ClusterState;
import org.lcms.snmp.core.ManagerSettings;
import org.lcms.snmp.core.PollPolicy;
import org.lcms.snmp.core.SnmpProfiles;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the SNMP manager configured in {@code etc/org.lcms.snmp.cfg} for the model's hosts and publishes its
 * {@link ClusterState}. Like the directory, it registers the service itself only once the manager runs, so a
 * configuration that cannot work leaves no half-working service behind (the log says what to fix).
 */
@Component(configurationPid = SnmpManagerComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
    immediate = true)
@Designate(ocd = SnmpManagerConfiguration.class)
public final class SnmpManagerComponent {
    public static final String PID = "org.lcms.snmp";
    private static final Logger LOG = LoggerFactory.getLogger(SnmpManagerComponent.class);
    /** Who the directory's history names for the role states and events the manager records. */
    static final String ACTOR = "lcms-snmp";

    /*
     * Field injection and an activate method, not constructor injection: Felix SCR binds a constructor's
     * references once more after the constructor returned, and when the directory went away meanwhile it drops
     * the new instance without calling deactivate. The manager this constructor had started then kept polling a
     * closed directory and outlived feature:uninstall (SnmpManagerIT.c_...). Activate runs only once the bindings
     * hold, and every activated instance is deactivated.
     */
    @Reference
    private ClusterDirectory directory;
    private ManagerRuntime runtime;
    private ServiceRegistration<?> registration;

    @Activate
    void activate(SnmpManagerConfiguration config, Map<String, Object> properties, BundleContext context) {
        ManagerRuntime started;
        try {
            ManagerSettings settings = settings(config, properties);
            ClusterDirectory model = directory;
            started = new ManagerRuntime(settings, model::inventory,
                change -> model.apply(ACTOR, change),
                Clock.systemUTC());
            LOG.info("LCMS SNMP manager polling from {} every {} s, profiles {}; notifications on {}",
                started.localAddress(), config.pollInterval(), settings.profiles().values(),
                started.receiverAddress() == null ? "(receiver off)" : started.receiverAddress());
        } catch (IOException | RuntimeException e) {
            LOG.error("LCMS SNMP manager NOT started: {}", e.getMessage());
            return;
        }
        runtime = started;
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("lcms.snmp.local", started.localAddress().toString());
        registration = context.registerService(new String[] {ClusterState.class.getName(),
            org.lcms.snmp.api.AgentOperations.class.getName()}, started, props);
    }

    static ManagerSettings settings(SnmpManagerConfiguration c, Map<String, Object> properties) {
        String source = "etc/" + PID + ".cfg";
        try {
            checkRange("pollInterval", c.pollInterval(), 1, 3600);
            checkRange("pollTimeout", c.pollTimeout(), 50, 60_000);
            checkRange("pollRetries", c.pollRetries(), 0, 5);
            checkRange("unreachableAfter", c.unreachableAfter(), 1, 100);
            checkRange("maxBackoff", c.maxBackoff(), c.pollInterval(), 86_400);
            checkRange("modelRefresh", c.modelRefresh(), 1, 3600);
            PollPolicy poll = new PollPolicy(Duration.ofSeconds(c.pollInterval()), Duration.ofMillis(c.pollTimeout()),
                c.pollRetries(), c.unreachableAfter(), Duration.ofSeconds(c.maxBackoff()));
            String data = System.getProperty("karaf.data");
            java.util.Map<String, org.lcms.snmp.core.SnmpProfile> profiles = SnmpProfiles.parse(properties, source);
            return new ManagerSettings(poll, c.listenAddress(), c.receiveBufferBytes(), c.maxInFlight(),
                Duration.ofSeconds(c.modelRefresh()), c.eventLogSize(), profiles,
                c.trapListenAddress().trim(), java.util.Optional.of(c.trapCommunity().trim()).filter(t -> !t.isEmpty()),
                java.util.Optional.ofNullable(data).map(d -> java.nio.file.Path.of(d, "lcms", "snmp")),
                org.lcms.snmp.core.NmsTarget.parse(properties, profiles, source));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(source) ? e.getMessage()
                : source + ": " + e.getMessage());
        }
    }

    private static void checkRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " = " + value + ": give " + min + ".." + max);
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (runtime != null) {
            try {
                runtime.close();
                LOG.info("LCMS SNMP manager stopped");
            } catch (IOException e) {
                LOG.warn("LCMS SNMP manager did not stop cleanly: {}", e.toString());
            }
        }
    }
}
