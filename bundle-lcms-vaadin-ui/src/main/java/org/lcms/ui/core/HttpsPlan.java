package org.lcms.ui.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what the web server's configuration (PID org.ops4j.pax.web) needs so that the UI is served over HTTPS
 * only. An operator's keystore is never touched; without one, LCMS generates a self-signed certificate into its
 * own keystore and turns plain HTTP off.
 */
public final class HttpsPlan {
    public static final String HTTP_ENABLED = "org.osgi.service.http.enabled";
    public static final String HTTPS_ENABLED = "org.osgi.service.http.secure.enabled";
    public static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    public static final String KEYSTORE = "org.ops4j.pax.web.ssl.keystore";
    public static final String KEYSTORE_PASSWORD = "org.ops4j.pax.web.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "org.ops4j.pax.web.ssl.keystore.type";
    public static final String KEY_PASSWORD = "org.ops4j.pax.web.ssl.key.password";
    public static final String KEY_ALIAS = "org.ops4j.pax.web.ssl.key.alias";
    public static final String COOKIE_SECURE = "org.ops4j.pax.web.session.cookie.secure";
    public static final String COOKIE_HTTP_ONLY = "org.ops4j.pax.web.session.cookie.httpOnly";
    public static final int DEFAULT_HTTPS_PORT = 8443;
    public static final String ALIAS = "lcms-https";

    /** What to do. */
    public sealed interface Step {
    }

    /** A keystore is configured and there: keep the configuration as it is. */
    public record Keep(String reason) implements Step {
    }

    /** Generate a key pair into {@code keystore}, then set {@code settings(password)}. */
    public record Generate(Path keystore, String reason) implements Step {
    }

    private HttpsPlan() {
    }

    /**
     * @param current the web server's configuration now (empty if it has none)
     * @param ownKeystore where LCMS keeps a keystore it generated
     */
    public static Step decide(Map<String, ?> current, Path ownKeystore) {
        Optional<String> configured = text(current.get(KEYSTORE));
        if (configured.isEmpty()) {
            return new Generate(ownKeystore, "no keystore is configured");
        }
        Path path = Path.of(configured.get());
        if (path.toAbsolutePath().normalize().equals(ownKeystore.toAbsolutePath().normalize()) && !Files.isRegularFile(path)) {
            return new Generate(ownKeystore, "LCMS's own keystore " + path + " does not exist (first start, or it was "
                + "deleted)");
        }
        return new Keep("keystore " + path + " is configured" + (Files.isRegularFile(path) ? ""
            : " but missing: put it there or remove " + KEYSTORE + " to have LCMS generate one"));
    }

    /**
     * The settings that serve HTTPS from {@code keystore} and switch plain HTTP off. An HTTPS port the operator chose
     * is kept.
     */
    public static Map<String, Object> httpsOnly(Map<String, ?> current, Path keystore, String password) {
        Map<String, Object> next = new LinkedHashMap<>(current);
        next.put(HTTP_ENABLED, "false");
        next.put(HTTPS_ENABLED, "true");
        next.putIfAbsent(HTTPS_PORT, String.valueOf(DEFAULT_HTTPS_PORT));
        next.put(KEYSTORE, keystore.toString());
        next.put(KEYSTORE_TYPE, "PKCS12");
        next.put(KEYSTORE_PASSWORD, password);
        next.put(KEY_PASSWORD, password);
        next.put(KEY_ALIAS, ALIAS);
        next.put(COOKIE_SECURE, "true");
        next.put(COOKIE_HTTP_ONLY, "true");
        return next;
    }

    private static Optional<String> text(Object value) {
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().strip());
    }
}
