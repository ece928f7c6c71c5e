package org.lcms.model.internal.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.Host;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.ModelChange;
import org.lcms.model.internal.runtime.DirectoryRuntime;
import org.lcms.model.internal.runtime.DirectorySettings;
import org.lcms.model.internal.runtime.TestConfig;

/**
 * The external directory over TLS, against a real slapd with a certificate made for the test: ldaps:// and
 * StartTLS with the certificate trusted through external.trustStore, and a refusal, naming the URL, when the
 * certificate is not trusted (no silent fallback to plain LDAP).
 */
class ExternalDirectoryTlsTest {
    static final String SUFFIX = "dc=lcms,dc=tls";
    static final String STORE_PASSWORD = "store-secret";

    @TempDir
    static Path tmp;
    static ThrowawaySlapd slapd;
    static Path trustStore;

    @BeforeAll
    static void startSlapdWithTls() throws Exception {
        Path server = tmp.resolve("server.p12");
        certificates("generate-self-signed-certificate", "--keystore", server.toString(), "--keystore-password",
            STORE_PASSWORD, "--keystore-type", "PKCS12", "--alias", "server", "--subject-dn", "CN=localhost",
            "--subject-alternative-name-ip-address", "127.0.0.1", "--subject-alternative-name-dns", "localhost",
            "--days-valid", "2");
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        certificates("export-certificate", "--keystore", server.toString(), "--keystore-password", STORE_PASSWORD,
            "--alias", "server", "--output-format", "PEM", "--output-file", cert.toString());
        certificates("export-private-key", "--keystore", server.toString(), "--keystore-password", STORE_PASSWORD,
            "--alias", "server", "--output-format", "PEM", "--output-file", key.toString());
        trustStore = tmp.resolve("trust.p12");
        certificates("import-certificate", "--keystore", trustStore.toString(), "--keystore-password",
            STORE_PASSWORD, "--keystore-type", "PKCS12", "--alias", "slapd", "--certificate-file", cert.toString(),
            "--no-prompt");
        slapd = ThrowawaySlapd.start(tmp.resolve("slapd"), SUFFIX, DirectoryContractTest.schemaFile(),
            new ThrowawaySlapd.Tls(cert, key));
        try (com.unboundid.ldap.sdk.LDAPConnection c = new com.unboundid.ldap.sdk.LDAPConnection("127.0.0.1",
            slapd.port(), slapd.adminDn(), ThrowawaySlapd.ADMIN_PASSWORD)) {
            c.add("dn: " + SUFFIX, "objectClass: dcObject", "objectClass: organization", "dc: lcms", "o: lcms");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    private static void certificates(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCode rc = ManageCertificates.main(null, out, out, args);
        assertEquals(ResultCode.SUCCESS, rc, () -> String.join(" ", args) + ": " + out);
    }

    private static Map<String, String> settings(String url, String tls, boolean trusted, String base) {
        Map<String, String> cfg = new HashMap<>(Map.of("mode", "external", "external.url", url, "external.tls", tls,
            "external.bindDn", slapd.adminDn(), "external.bindPassword", ThrowawaySlapd.ADMIN_PASSWORD,
            "baseDn", base));
        if (trusted) {
            cfg.put("external.trustStore", trustStore.toString());
            cfg.put("external.trustStorePassword", STORE_PASSWORD);
        }
        return cfg;
    }

    private static void writeAndReadBack(Map<String, String> cfg) throws Exception {
        try (DirectoryRuntime r = DirectoryRuntime.open(DirectorySettings.from(TestConfig.of(cfg), null),
            Clock.systemUTC())) {
            ClusterDirectory d = r.directory();
            d.apply("alice", new ModelChange.AddHost(Host.of("tls-host", IpAddress.parse("192.0.2.50"))));
            assertTrue(d.inventory().host("tls-host").isPresent());
        }
    }

    @Test
    void ldapsWithATrustedCertificateWorks() throws Exception {
        writeAndReadBack(settings(slapd.ldapsUrl(), "ldaps", true, "ou=ldaps," + SUFFIX));
    }

    @Test
    void startTlsWithATrustedCertificateWorks() throws Exception {
        writeAndReadBack(settings(slapd.url(), "starttls", true, "ou=starttls," + SUFFIX));
    }

    @Test
    void anUntrustedCertificateIsRefusedNamingTheUrl() {
        for (Map<String, String> cfg : new Map[] {settings(slapd.ldapsUrl(), "ldaps", false, SUFFIX),
            settings(slapd.url(), "starttls", false, SUFFIX)}) {
            IOException e = assertThrows(IOException.class,
                () -> DirectoryRuntime.open(DirectorySettings.from(TestConfig.of(cfg), null), Clock.systemUTC()));
            assertTrue(e.getMessage().contains(cfg.get("external.url")), e.getMessage());
        }
    }
}
