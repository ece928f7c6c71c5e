package org.lcms.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probes against real sockets on loopback (127.0.0.x) and real /bin/sh scripts. */
class HealthProbeTest {
    static Endpoint local(String address, int port) throws Exception {
        return new Endpoint(InetAddress.getByName(address), port);
    }

    @Test
    void tcpIsHealthyWhileTheServerAcceptsAndFailsOnceItIsGone() throws Exception {
        Endpoint e;
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.2"))) {
            e = local("127.0.0.2", server.getLocalPort());
            ProbeResult r = new TcpConnectProbe().probe(e, 500);
            assertTrue(r.healthy(), r.detail());
        }
        ProbeResult r = new TcpConnectProbe().probe(e, 500);
        assertFalse(r.healthy());
        assertTrue(r.detail().startsWith("TCP connect to 127.0.0.2:" + e.port() + ": "), r.detail());
    }

    @Test
    void httpChecksTheStatusOfTheServersOwnAddressWithinTheTimeout() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.3", 0), 10);
        server.createContext("/health", x -> {
            String host = x.getRequestHeaders().getFirst("Host");
            x.sendResponseHeaders(host.startsWith("127.0.0.3:") ? 200 : 400, -1);
            x.close();
        });
        server.createContext("/broken", x -> {
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        server.createContext("/slow", x -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        Endpoint e = local("127.0.0.3", server.getAddress().getPort());
        try {
            ProbeResult ok = new HttpGetProbe("/health", 200).probe(e, 1000);
            assertTrue(ok.healthy(), ok.detail());
            assertEquals("GET http://" + e + "/health answered 200", ok.detail());
            ProbeResult broken = new HttpGetProbe("/broken", 200).probe(e, 1000);
            assertEquals(ProbeResult.failed("GET http://" + e + "/broken answered 503, expected 200"), broken);
            assertTrue(new HttpGetProbe("/broken", 503).probe(e, 1000).healthy(), "healthCheck.expectStatus");
            long start = System.nanoTime();
            ProbeResult slow = new HttpGetProbe("/slow", 200).probe(e, 200);
            long took = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ProbeResult.failed("GET http://" + e + "/slow: no answer within 200 ms"), slow);
            assertTrue(took < 1500, "bounded by the timeout, took " + took + " ms");
        } finally {
            server.stop(0);
        }
        ProbeResult gone = new HttpGetProbe("/health", 200).probe(e, 500);
        assertFalse(gone.healthy(), gone.detail());
    }

    @Test
    void aScriptGetsTheRealServerInItsEnvironmentAndItsExitStatusDecides() throws Exception {
        Endpoint e = local("127.0.0.4", 8080);
        ProbeResult ok = new ScriptProbe("[ \"$LCMS_RS_ADDRESS\" = 127.0.0.4 ] && [ \"$LCMS_RS_PORT\" = 8080 ]")
            .probe(e, 2000);
        assertTrue(ok.healthy(), ok.detail());
        assertEquals(ProbeResult.failed("check script for 127.0.0.4:8080 exited 3"),
            new ScriptProbe("exit 3").probe(e, 2000));
        ProbeResult missing = new ScriptProbe("/nonexistent/check").probe(e, 2000);
        assertFalse(missing.healthy(), "sh reports 127: " + missing.detail());
    }

    @Test
    void aHungScriptIsKilledWithWhatItStartedAtTheTimeout(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("child.pid");
        long start = System.nanoTime();
        ProbeResult r = new ScriptProbe("sleep 30 & echo $! > " + pid + "; wait").probe(local("127.0.0.4", 80), 300);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ProbeResult.failed("check script for 127.0.0.4:80 killed after 300 ms (healthCheck.timeout)"), r);
        assertTrue(took < 2000, "took " + took + " ms");
        long child = Long.parseLong(Files.readString(pid).trim());
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the script's sleep is gone");
    }
}
