package org.lcms.model.internal.runtime;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import java.io.Closeable;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.api.Revision;
import org.lcms.model.internal.embedded.EmbeddedDirectory;
import org.lcms.model.internal.ldap.LdapClusterDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running model directory built from {@link DirectorySettings}: the embedded server or a connection pool to
 * an external one, the {@link LdapClusterDirectory} on top, and the initial administrator. Plain Java, so tests
 * and tools start exactly what Karaf starts.
 */
public final class DirectoryRuntime implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryRuntime.class);
    /** The actor recorded for changes LCMS makes by itself. */
    public static final String SYSTEM_ACTOR = "lcms-setup";
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final EmbeddedDirectory embedded;
    private final LDAPConnectionPool pool;
    private final LdapClusterDirectory directory;

    private DirectoryRuntime(EmbeddedDirectory embedded, LDAPConnectionPool pool, LdapClusterDirectory directory) {
        this.embedded = embedded;
        this.pool = pool;
        this.directory = directory;
    }

    /** Starts (embedded) or connects to (external) the directory, prepares the tree. */
    public static DirectoryRuntime open(DirectorySettings s, Clock clock) throws IOException {
        EmbeddedDirectory embedded = null;
        LDAPConnectionPool pool = null;
        try {
            String location;
            if (s.embedded()) {
                embedded = EmbeddedDirectory.open(s.embeddedSettings());
                LDAPConnection c = new LDAPConnection(embedded.host(), embedded.port(), EmbeddedDirectory.BIND_DN,
                    embedded.bindPassword());
                pool = new LDAPConnectionPool(c, 1, 4);
                location = "embedded ldap://" + embedded.host() + ":" + embedded.port() + " data "
                    + embedded.dataDirectory();
            } else {
                pool = connect(s.external());
                location = s.external().url();
            }
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            LdapClusterDirectory directory = new LdapClusterDirectory(pool, s.baseDn(), clock,
                s.embedded() ? "embedded" : "external", location);
            directory.initialize(s.embedded());
            return new DirectoryRuntime(embedded, pool, directory);
        } catch (LDAPException e) {
            closeQuietly(pool, embedded);
            throw new IOException("could not connect to the LDAP directory ("
                + (s.embedded() ? "embedded" : s.external().url()) + "): " + e.getResultCode() + " "
                + (e.getDiagnosticMessage() == null ? e.getMessage() : e.getDiagnosticMessage())
                + "; check the URL, bind DN and password in " + DirectorySettings.FILE, e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(pool, embedded);
            throw e;
        }
    }

    private static LDAPConnectionPool connect(DirectorySettings.External x) throws LDAPException, IOException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(x.timeoutSeconds() * 1000);
        options.setResponseTimeoutMillis(x.timeoutSeconds() * 1000L);
        PostConnectProcessor startTls = null;
        LDAPConnection c;
        if (x.tls() == DirectorySettings.Tls.NONE) {
            c = new LDAPConnection(options, x.host(), x.port());
        } else {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
            SSLUtil ssl = new SSLUtil(trustManager(x));
            try {
                if (x.tls() == DirectorySettings.Tls.LDAPS) {
                    c = new LDAPConnection(ssl.createSSLSocketFactory(), options, x.host(), x.port());
                } else {
                    SSLContext context = ssl.createSSLContext();
                    c = new LDAPConnection(options, x.host(), x.port());
                    startTls = new StartTLSPostConnectProcessor(context);
                    startTls.processPreAuthenticatedConnection(c);
                }
            } catch (GeneralSecurityException e) {
                throw new IOException("TLS could not be set up for " + x.url() + ": " + e.getMessage(), e);
            }
        }
        try {
            c.bind(x.bindDn(), x.bindPassword());
        } catch (LDAPException e) {
            c.close();
            throw e;
        }
        return new LDAPConnectionPool(c, 1, x.poolSize(), startTls);
    }

    private static TrustManager trustManager(DirectorySettings.External x) {
        if (x.trustStore() == null) {
            return JVMDefaultTrustManager.getInstance();
        }
        char[] pw = x.trustStorePassword().isEmpty() ? null : x.trustStorePassword().toCharArray();
        return new TrustStoreTrustManager(x.trustStore().toFile(), pw, null, true);
    }

    public ClusterDirectory directory() {
        return directory;
    }

    /** The embedded server, if this runtime runs one. */
    public Optional<EmbeddedDirectory> embedded() {
        return Optional.ofNullable(embedded);
    }

    /**
     * Creates administrator {@code login} with a generated password when the directory has no administrator.
     *
     * @return the generated password, to be shown once; empty if administrators already existed
     */
    public Optional<String> ensureInitialAdministrator(String login) {
        if (!directory.inventory().administrators().isEmpty()) {
            return Optional.empty();
        }
        String password = generatePassword(20);
        Administrator admin = new Administrator(login, "Initial administrator",
            PasswordHash.of(password.toCharArray()), AdminRole.ADMIN, Revision.NEW);
        try {
            directory.apply(SYSTEM_ACTOR, new ModelChange.AddAdministrator(admin));
        } catch (ModelException e) {
            // Another manager on the same directory created one at the same moment: theirs stands.
            LOG.info("initial administrator not created: {}", e.getMessage());
            return Optional.empty();
        }
        return Optional.of(password);
    }

    /** A random password from an alphabet without look-alike characters. */
    public static String generatePassword(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        closeQuietly(pool, null);
        if (embedded != null) {
            embedded.close();
        }
    }

    private static void closeQuietly(LDAPConnectionPool pool, EmbeddedDirectory embedded) {
        if (pool != null) {
            pool.close();
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("closing the embedded directory: {}", e.toString());
            }
        }
    }
}
