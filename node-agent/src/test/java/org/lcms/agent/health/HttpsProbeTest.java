package org.lcms.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.config.AgentConfig;

/**
 * healthCheck = https against a real TLS server on loopback (the JDK's HttpsServer) with a self-signed certificate
 * made by keytool at test time for rs.test and 127.0.0.6.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsProbeTest {
    static final char[] PASSWORD = "test-store-1".toCharArray();

    HttpsServer server;
    Endpoint e;
    SSLContext trustingTheTestCertificate;
    final List<String> hosts = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("rs.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "rs", "-dname", "CN=rs.test",
            "-ext", "san=dns:rs.test,ip:127.0.0.6", "-validity", "2", "-storetype", "PKCS12", "-keystore",
            store.toString(), "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), "keytool: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trustingTheTestCertificate = SSLContext.getInstance("TLS");
        trustingTheTestCertificate.init(null, tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.6", 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/health", x -> {
            hosts.add(x.getRequestHeaders().getFirst("Host"));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.createContext("/broken", x -> {
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        e = HealthProbeTest.local("127.0.0.6", server.getAddress().getPort());
    }

    @AfterAll
    void stop() {
        server.stop(0);
    }

    @Test
    void byDefaultAnyCertificateIsAcceptedAndTheStatusDecides() {
        ProbeResult ok = HttpGetProbe.https("/health", 200, AgentConfig.Tls.DEFAULT).probe(e, 2000);
        assertEquals(ProbeResult.healthy("GET https://" + e + "/health answered 200"), ok);
        assertEquals(ProbeResult.failed("GET https://" + e + "/broken answered 503, expected 200"),
            HttpGetProbe.https("/broken", 200, AgentConfig.Tls.DEFAULT).probe(e, 2000));
        ProbeResult plain = new HttpGetProbe("/health", 200).probe(e, 500);
        assertFalse(plain.healthy(), "plain HTTP to a TLS port: " + plain.detail());
    }

    @Test
    void withVerifyASelfSignedCertificateFailsAgainstTheJdkTrustStore() {
        ProbeResult r = HttpGetProbe.https("/health", 200, new AgentConfig.Tls(true, "")).probe(e, 2000);
        assertFalse(r.healthy());
        assertTrue(r.detail().startsWith("GET https://" + e + "/health: TLS: ")
            && r.detail().endsWith("(healthCheck.tls.verify = true)"), r.detail());
    }

    @Test
    void withVerifyTheCertificateMustNameTheServerNameOrTheAddress() {
        var factory = trustingTheTestCertificate.getSocketFactory();
        ProbeResult byAddress = new HttpGetProbe("/health", 200, factory, true, "").probe(e, 2000);
        assertTrue(byAddress.healthy(), byAddress.detail());
        hosts.clear();
        ProbeResult byName = new HttpGetProbe("/health", 200, factory, true, "rs.test").probe(e, 2000);
        assertTrue(byName.healthy(), byName.detail());
        assertEquals(List.of("rs.test:" + e.port()), hosts, "the server name is the Host header");
        ProbeResult other = new HttpGetProbe("/health", 200, factory, true, "www.other.test").probe(e, 2000);
        assertFalse(other.healthy());
        assertTrue(other.detail().contains("TLS: ") && other.detail().contains("www.other.test"), other.detail());
        ProbeResult unchecked = new HttpGetProbe("/health", 200, factory, false, "www.other.test").probe(e, 2000);
        assertTrue(unchecked.healthy(), "the name is checked only with verify: " + unchecked.detail());
    }

    @Test
    void aListOfChecksPassesOnlyWhenAllDoAndSaysWhichFailed() {
        HealthProbe both = HealthProbe.allOf(List.of(new TcpConnectProbe(),
            HttpGetProbe.https("/health", 200, AgentConfig.Tls.DEFAULT)));
        assertEquals(ProbeResult.healthy("connected to " + e + "; GET https://" + e + "/health answered 200"),
            both.probe(e, 2000));
        HealthProbe broken = HealthProbe.allOf(List.of(new TcpConnectProbe(),
            HttpGetProbe.https("/broken", 200, AgentConfig.Tls.DEFAULT)));
        assertEquals(ProbeResult.failed("GET https://" + e + "/broken answered 503, expected 200"),
            broken.probe(e, 2000));
    }
}
