package org.lcms.model.internal.runtime;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.lcms.model.api.IpAddress;
import org.lcms.model.internal.DirectoryConfiguration;
import org.lcms.model.internal.embedded.EmbeddedDirectory;

/**
 * The directory configuration, checked. Every problem is reported with the property, the value and the fix,
 * and nothing is started with a half-valid configuration.
 */
public record DirectorySettings(boolean embedded, String baseDn, EmbeddedDirectory.Settings embeddedSettings,
                                External external, String initialAdminLogin) {

    public static final String FILE = "etc/org.lcms.directory.cfg";

    /** Settings of an external directory. {@code trustStore} null = the JVM default trust store. */
    public record External(String url, String host, int port, Tls tls, String bindDn, String bindPassword,
                           Path trustStore, String trustStorePassword, int poolSize, int timeoutSeconds) {
        @Override
        public String toString() {
            return "External[" + url + ", tls " + tls + ", bind " + bindDn + "]"; // never the password
        }
    }

    public enum Tls { NONE, STARTTLS, LDAPS }

    /** A configuration that cannot work; the message names the file, the property and what to do. */
    public static final class InvalidConfiguration extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidConfiguration(String property, String problem) {
            super(FILE + ": " + property + " " + problem);
        }
    }

    /**
     * @param karafData the Karaf data directory (system property karaf.data), for the default data directory
     */
    public static DirectorySettings from(DirectoryConfiguration c, String karafData) {
        String mode = read("mode", c::mode).trim().toLowerCase(Locale.ROOT);
        String base = read("baseDn", c::baseDn).trim();
        try {
            if (new DN(base).isNullDN()) {
                throw new InvalidConfiguration("baseDn", "is empty; set it, e.g. baseDn = dc=lcms,dc=local");
            }
        } catch (LDAPException e) {
            throw new InvalidConfiguration("baseDn", "'" + base + "' is not a DN (" + e.getMessage()
                + "); write it like dc=lcms,dc=local");
        }
        String login = read("initialAdmin.login", c::initialAdmin_login).trim();
        if (!login.matches("[a-z_][a-z0-9._-]{0,31}")) {
            throw new InvalidConfiguration("initialAdmin.login", "'" + login + "' is not a valid login; use "
                + "lowercase letters, digits, '.', '_' or '-' (e.g. admin)");
        }
        switch (mode) {
            case "embedded":
                return new DirectorySettings(true, base, embedded(c, karafData, base), null, login);
            case "external":
                return new DirectorySettings(false, base, null, external(c), login);
            default:
                throw new InvalidConfiguration("mode", "'" + mode + "' is not a mode; use embedded or external");
        }
    }

    private static EmbeddedDirectory.Settings embedded(DirectoryConfiguration c, String karafData, String base) {
        String dir = read("embedded.dataDirectory", c::embedded_dataDirectory).trim();
        Path data;
        if (dir.isEmpty()) {
            if (karafData == null || karafData.isBlank()) {
                throw new InvalidConfiguration("embedded.dataDirectory", "is empty and karaf.data is not set; "
                    + "give the directory where the embedded LDAP data is kept");
            }
            data = Path.of(karafData, "lcms", "directory");
        } else {
            data = Path.of(dir);
        }
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new InvalidConfiguration("embedded.dataDirectory", data + " exists and is not a directory");
        }
        String address = read("embedded.listenAddress", c::embedded_listenAddress).trim();
        InetAddress listen;
        try {
            listen = IpAddress.parse(address.isEmpty() ? "127.0.0.1" : address).inet();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfiguration("embedded.listenAddress", "'" + address + "' is not an address; use "
                + "127.0.0.1 (a literal address; names are not resolved)");
        }
        int port = range("embedded.port", c::embedded_port, 0, 65_535);
        int every = range("embedded.snapshotEvery", c::embedded_snapshotEvery, 1, 1_000_000);
        return new EmbeddedDirectory.Settings(data, base, listen, port, every);
    }

    private static External external(DirectoryConfiguration c) {
        String url = read("external.url", c::external_url).trim();
        if (url.isEmpty()) {
            throw new InvalidConfiguration("external.url", "is empty; with mode = external give the LDAP URL, e.g. "
                + "ldaps://ldap.example.org:636");
        }
        LDAPURL parsed;
        try {
            parsed = new LDAPURL(url);
        } catch (LDAPException e) {
            throw new InvalidConfiguration("external.url", "'" + url + "' is not an LDAP URL (" + e.getMessage()
                + "); write ldap://HOST:PORT or ldaps://HOST:PORT");
        }
        if (!parsed.hostProvided()) {
            throw new InvalidConfiguration("external.url", "'" + url + "' names no host");
        }
        String tlsText = read("external.tls", c::external_tls).trim().toLowerCase(Locale.ROOT);
        Tls tls;
        try {
            tls = Tls.valueOf(tlsText.isEmpty() ? "NONE" : tlsText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfiguration("external.tls", "'" + tlsText + "' is not a TLS mode; use none, starttls "
                + "or ldaps");
        }
        boolean ldapsScheme = parsed.getScheme().equalsIgnoreCase("ldaps");
        if (ldapsScheme && tls == Tls.NONE) {
            tls = Tls.LDAPS;
        }
        if (ldapsScheme != (tls == Tls.LDAPS)) {
            throw new InvalidConfiguration("external.tls", "'" + tlsText + "' does not fit the URL scheme of " + url
                + "; use ldaps:// with tls = ldaps, ldap:// with none or starttls");
        }
        String bindDn = read("external.bindDn", c::external_bindDn).trim();
        try {
            new DN(bindDn);
        } catch (LDAPException e) {
            throw new InvalidConfiguration("external.bindDn", "'" + bindDn + "' is not a DN");
        }
        String password = read("external.bindPassword", c::external_bindPassword);
        if (bindDn.isEmpty() || password.isEmpty()) {
            throw new InvalidConfiguration("external.bindDn", "and external.bindPassword must both be set: LCMS "
                + "writes to the directory and never binds anonymously");
        }
        String store = read("external.trustStore", c::external_trustStore).trim();
        Path trustStore = store.isEmpty() ? null : Path.of(store);
        if (trustStore != null && !Files.isReadable(trustStore)) {
            throw new InvalidConfiguration("external.trustStore", trustStore + " cannot be read");
        }
        return new External(url, parsed.getHost(), parsed.getPort(), tls, bindDn, password, trustStore,
            read("external.trustStorePassword", c::external_trustStorePassword),
            range("external.poolSize", c::external_poolSize, 1, 64),
            range("external.timeoutSeconds", c::external_timeoutSeconds, 1, 300));
    }

    private static String read(String property, Supplier<String> value) {
        try {
            String v = value.get();
            return v == null ? "" : v;
        } catch (RuntimeException e) {
            throw new InvalidConfiguration(property, "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static int range(String property, Supplier<Integer> value, int min, int max) {
        int v;
        try {
            v = value.get();
        } catch (RuntimeException e) {
            throw new InvalidConfiguration(property, "is not a whole number (" + e.getMessage() + "); give a value "
                + min + ".." + max);
        }
        if (v < min || v > max) {
            throw new InvalidConfiguration(property, "= " + v + " is outside " + min + ".." + max);
        }
        return v;
    }
}
