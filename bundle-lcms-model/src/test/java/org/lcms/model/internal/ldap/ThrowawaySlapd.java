package org.lcms.model.internal.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private OpenLDAP slapd for tests: its own cn=config (back-mdb, core + cosine schema, optionally the LCMS
 * schema as shipped in the bundle), its own database directory and a loopback port, all inside one temporary
 * directory; /etc/ldap and any system slapd are never touched. Needs Debian's slapd and ldap-utils — a
 * missing slapd fails the test loudly (./lcms test and .ci/run install it).
 */
final class ThrowawaySlapd implements AutoCloseable {
    static final String ADMIN_PASSWORD = "throwaway-secret";
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");

    private final Path dir;
    private final int port;
    private final String suffix;
    private final Process process;
    private final int tlsPort;

    /** A server certificate (PEM) and its private key (PEM) for the ldaps:// listener and StartTLS. */
    record Tls(Path certificate, Path privateKey) {
    }

    private ThrowawaySlapd(Path dir, int port, int tlsPort, String suffix, Process process) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.suffix = suffix;
        this.process = process;
    }

    /**
     * Starts slapd for {@code suffix} (the database; its base entry is not created) with rootDN
     * {@code cn=admin,SUFFIX}. {@code lcmsSchema} null = without the LCMS schema.
     */
    static ThrowawaySlapd start(Path dir, String suffix, Path lcmsSchema) throws Exception {
        return start(dir, suffix, lcmsSchema, null);
    }

    /** As above; with {@code tls}, also StartTLS on the LDAP port and an ldaps:// listener ({@link #ldapsUrl}). */
    static ThrowawaySlapd start(Path dir, String suffix, Path lcmsSchema, Tls tls) throws Exception {
        if (!Files.isExecutable(SLAPD) || !Files.isExecutable(SLAPADD)) {
            throw new AssertionError("OpenLDAP slapd is not installed (" + SLAPD + "); the LDAP contract tests "
                + "run against it: apt-get install slapd ldap-utils (./lcms test does this when run as root)");
        }
        Files.createDirectories(dir.resolve("slapd.d"));
        Files.createDirectories(dir.resolve("db"));
        StringBuilder cfg = new StringBuilder();
        cfg.append("dn: cn=config\nobjectClass: olcGlobal\ncn: config\nolcPidFile: ").append(dir.resolve("slapd.pid"))
            .append("\n");
        if (tls != null) {
            cfg.append("olcTLSCertificateFile: ").append(tls.certificate().toAbsolutePath()).append("\n")
                .append("olcTLSCertificateKeyFile: ").append(tls.privateKey().toAbsolutePath()).append("\n");
        }
        cfg.append("\n");
        cfg.append("dn: cn=module{0},cn=config\nobjectClass: olcModuleList\ncn: module{0}\n"
            + "olcModulePath: /usr/lib/ldap\nolcModuleLoad: back_mdb\n\n");
        cfg.append("dn: cn=schema,cn=config\nobjectClass: olcSchemaConfig\ncn: schema\n\n");
        cfg.append("include: file:///etc/ldap/schema/core.ldif\n\n");
        cfg.append("include: file:///etc/ldap/schema/cosine.ldif\n\n");
        if (lcmsSchema != null) {
            cfg.append("include: file://").append(lcmsSchema.toAbsolutePath()).append("\n\n");
        }
        cfg.append("dn: olcDatabase={-1}frontend,cn=config\nobjectClass: olcDatabaseConfig\n"
            + "objectClass: olcFrontendConfig\nolcDatabase: {-1}frontend\n\n");
        cfg.append("dn: olcDatabase={0}config,cn=config\nobjectClass: olcDatabaseConfig\nolcDatabase: {0}config\n"
            + "olcAccess: {0}to * by * none\n\n");
        cfg.append("dn: olcDatabase={1}mdb,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcMdbConfig\n"
            + "olcDatabase: {1}mdb\nolcSuffix: ").append(suffix).append("\nolcRootDN: cn=admin,").append(suffix)
            .append("\nolcRootPW: ").append(ADMIN_PASSWORD).append("\nolcDbDirectory: ").append(dir.resolve("db"))
            .append("\nolcDbMaxSize: 104857600\nolcDbIndex: objectClass eq\n"
                + "olcAccess: {0}to * by * none\n\n");
        Path config = dir.resolve("config.ldif");
        Files.writeString(config, cfg.toString(), StandardCharsets.UTF_8);
        run(dir.resolve("slapadd.log"), SLAPADD.toString(), "-q", "-n", "0", "-F", dir.resolve("slapd.d").toString(),
            "-l", config.toString());

        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            int tlsPort = tls == null ? 0 : freePort();
            String urls = "ldap://127.0.0.1:" + port + "/" + (tls == null ? "" : " ldaps://127.0.0.1:" + tlsPort + "/");
            Process p = new ProcessBuilder(SLAPD.toString(), "-d", "none", "-F", dir.resolve("slapd.d").toString(),
                "-h", urls)
                .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            ThrowawaySlapd s = new ThrowawaySlapd(dir, port, tlsPort, suffix, p);
            if (s.awaitReady()) {
                return s;
            }
            s.close();
            if (attempt == 3) {
                throw new AssertionError("slapd did not start: " + Files.readString(dir.resolve("slapd.log")));
            }
        }
    }

    /** True once our slapd answers a bind as its rootDN (a bind success proves it is ours: our password). */
    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (LDAPConnection c = new LDAPConnection("127.0.0.1", port, "cn=admin," + suffix, ADMIN_PASSWORD)) {
                return true;
            } catch (LDAPException e) {
                Thread.sleep(30);
            }
        }
        return false;
    }

    String url() {
        return "ldap://127.0.0.1:" + port;
    }

    String ldapsUrl() {
        return "ldaps://127.0.0.1:" + tlsPort;
    }

    int port() {
        return port;
    }

    String adminDn() {
        return "cn=admin," + suffix;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(Path log, String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timeout: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + Files.readString(log));
        }
    }
}
