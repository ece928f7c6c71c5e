package org.lcms.ui.internal.https;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.lcms.ui.core.HttpsPlan;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the web server HTTPS-only before it serves the UI: unless the operator configured a keystore, it generates a
 * self-signed certificate into {@code ${karaf.etc}/lcms-https.p12} with a random password and sets the web server's
 * configuration (PID org.ops4j.pax.web) to serve HTTPS on 8443 and no plain HTTP. The password exists only there.
 *
 * <p>Why a bundle activator and not a DS component: the feature starts this bundle at start level 25, before Pax Web's
 * runtime (30) reads its configuration, so on an assembly's first boot the server never opens the plain HTTP port it
 * is configured with by default. SCR may start later than that; ConfigurationAdmin (start level 10) is there. Installed
 * into a running Karaf, the same change makes Pax Web restart its server with the new connectors.
 */
public final class HttpsBootstrap implements BundleActivator {
    static final String PAX_WEB_PID = "org.ops4j.pax.web";
    private static final Logger LOG = LoggerFactory.getLogger(HttpsBootstrap.class);

    private ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmins;

    @Override
    public void start(BundleContext context) {
        configAdmins = new ServiceTracker<>(context, ConfigurationAdmin.class, null) {
            @Override
            public ConfigurationAdmin addingService(ServiceReference<ConfigurationAdmin> reference) {
                ConfigurationAdmin admin = context.getService(reference);
                ensureHttps(admin);
                return admin;
            }
        };
        configAdmins.open();
    }

    @Override
    public void stop(BundleContext context) {
        configAdmins.close();
    }

    /** Never throws: a failure is logged with what to do, and the web server keeps its configuration. */
    static void ensureHttps(ConfigurationAdmin admin) {
        String etc = System.getProperty("karaf.etc");
        if (etc == null) {
            LOG.error("LCMS UI: system property karaf.etc is not set; cannot place the HTTPS keystore. Configure a "
                + "keystore in etc/{}.cfg ({})", PAX_WEB_PID, HttpsPlan.KEYSTORE);
            return;
        }
        Path own = Path.of(etc, "lcms-https.p12");
        try {
            Configuration config = admin.getConfiguration(PAX_WEB_PID, null);
            Map<String, Object> current = asMap(config.getProperties());
            HttpsPlan.Step step = HttpsPlan.decide(current, own);
            if (step instanceof HttpsPlan.Keep keep) {
                LOG.info("LCMS UI: HTTPS configuration kept: {}", keep.reason());
                return;
            }
            HttpsPlan.Generate generate = (HttpsPlan.Generate) step;
            String password = SelfSignedKeystore.newPassword();
            long t0 = System.nanoTime();
            SelfSignedKeystore.generate(generate.keystore(), password, HttpsPlan.ALIAS);
            Map<String, Object> next = HttpsPlan.httpsOnly(current, generate.keystore(), password);
            config.update(new Hashtable<>(next));
            LOG.info("LCMS UI: {}: generated a self-signed certificate for {} into {} in {} ms; the web server now "
                    + "serves HTTPS on port {} and no plain HTTP (etc/{}.cfg)", generate.reason(),
                SelfSignedKeystore.subjectAlternativeNames(), generate.keystore(), (System.nanoTime() - t0) / 1_000_000,
                next.get(HttpsPlan.HTTPS_PORT), PAX_WEB_PID);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.error("LCMS UI: could not set up HTTPS ({}); the web server keeps its configuration. Configure a "
                + "keystore in etc/{}.cfg ({}) or fix the cause and restart the bundle", e.getMessage(), PAX_WEB_PID,
                HttpsPlan.KEYSTORE, e);
        }
    }

    private static Map<String, Object> asMap(Dictionary<String, Object> properties) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        if (properties != null) {
            for (String key : Collections.list(properties.keys())) {
                map.put(key, properties.get(key));
            }
        }
        return map;
    }
}
