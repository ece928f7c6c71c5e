package org.lcms.agent.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Linux configurator in a network namespace made by the test: an agent process started inside the
 * namespace puts the VIP on lo with the ARP sysctls for a real server, the VIP on the service interface for a
 * load balancer, and removes everything again. Needs root and iproute2: without them it fails, saying so.
 */
class LinuxHostConfiguratorNetnsTest {
    private final String ns = "lcms-cfg-" + ProcessHandle.current().pid();

    @BeforeEach
    void createNamespace() throws Exception {
        assertEquals("root", System.getProperty("user.name"),
            "this test configures a network namespace and needs root (CI runs as root)");
        sh("ip", "netns", "add", ns);
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        sh("ip", "-n", ns, "link", "add", "svc0", "type", "veth", "peer", "name", "svc0-peer");
        sh("ip", "-n", ns, "link", "set", "svc0", "up");
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        sh("ip", "netns", "del", ns);
    }

    @Test
    void realServerAndLoadBalancerRolesAreAppliedAndUndoneInsideTheNamespace() throws Exception {
        Process agent = startConfigurator();
        try (PrintWriter in = new PrintWriter(agent.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(),
                 StandardCharsets.UTF_8))) {
            assertEquals("done REAL_SERVER", send(in, out, "REAL_SERVER:192.0.2.10"));
            assertTrue(sh("ip", "-n", ns, "-o", "addr", "show", "dev", "lo").contains("inet 192.0.2.10/32"));
            assertEquals("1", sysctl("net/ipv4/conf/all/arp_ignore"));
            assertEquals("2", sysctl("net/ipv4/conf/all/arp_announce"));
            assertEquals("1", sysctl("net/ipv4/conf/lo/arp_ignore"));
            assertEquals("done REAL_SERVER", send(in, out, "REAL_SERVER:192.0.2.10"), "idempotent");

            assertEquals("done NONE", send(in, out, "NONE"));
            assertFalse(sh("ip", "-n", ns, "-o", "addr", "show", "dev", "lo").contains("192.0.2.10"));
            assertEquals("0", sysctl("net/ipv4/conf/all/arp_ignore"));
            assertEquals("0", sysctl("net/ipv4/conf/all/arp_announce"));

            assertEquals("done LOAD_BALANCER", send(in, out, "LOAD_BALANCER:192.0.2.20:svc0"));
            assertTrue(sh("ip", "-n", ns, "-o", "addr", "show", "dev", "svc0").contains("inet 192.0.2.20/32"));
            String failed = send(in, out, "LOAD_BALANCER:192.0.2.30:nosuch0");
            assertTrue(failed.startsWith("failed could not ip addr del 192.0.2.20/32 dev svc0")
                || failed.startsWith("failed could not ip addr add 192.0.2.30/32 dev nosuch0"), failed);
            assertTrue(failed.contains("the host keeps its previous role"), failed);
            assertTrue(sh("ip", "-n", ns, "-o", "addr", "show", "dev", "svc0").contains("inet 192.0.2.20/32"),
                "the load balancer still holds its VIP after the failed change");
            assertEquals("done NONE", send(in, out, "NONE"));
            assertFalse(sh("ip", "-n", ns, "-o", "addr", "show", "dev", "svc0").contains("192.0.2.20"));
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLoadBalancerWhoseVipIsTheFailoversNeverAddsOrRemovesItOnTheHost() throws Exception {
        Process agent = startConfigurator();
        try (PrintWriter in = new PrintWriter(agent.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(),
                 StandardCharsets.UTF_8))) {
            // the failover does not hold the VIP: the role does not add it (that would bypass the lease fence)
            assertEquals("done LOAD_BALANCER", send(in, out, "LOAD_BALANCER:192.0.2.40:svc0:failover"));
            assertFalse(sh("ip", "-n", ns, "-o", "addr", "show").contains("192.0.2.40"));
            // the failover takes it (as LinuxVipControl does: ip addr replace); leaving the role must not remove it
            sh("ip", "-n", ns, "addr", "replace", "192.0.2.40/32", "dev", "svc0");
            assertEquals("done BACKUP_SERVER", send(in, out, "BACKUP_SERVER:192.0.2.40:svc0:failover"));
            assertEquals("done NONE", send(in, out, "NONE"));
            assertTrue(sh("ip", "-n", ns, "-o", "addr", "show", "dev", "svc0").contains("inet 192.0.2.40/32"),
                "the failover's address stays where it put it");
            // without a failover for it the role owns the VIP again, as before
            sh("ip", "-n", ns, "addr", "del", "192.0.2.40/32", "dev", "svc0");
            assertEquals("done LOAD_BALANCER", send(in, out, "LOAD_BALANCER:192.0.2.40:svc0"));
            assertTrue(sh("ip", "-n", ns, "-o", "addr", "show", "dev", "svc0").contains("inet 192.0.2.40/32"));
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** LinuxHostConfigurator's main in the namespace, reading role specs from its standard input. */
    private Process startConfigurator() throws Exception {
        return new ProcessBuilder("ip", "netns", "exec", ns,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("java.class.path"), LinuxHostConfigurator.class.getName())
            .redirectErrorStream(true).start();
    }

    /** Sends one role spec and returns the agent's closing line (done/failed), skipping the step lines. */
    private static String send(PrintWriter in, BufferedReader out, String spec) throws Exception {
        in.println(spec);
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("done ") || line.startsWith("failed ")) {
                return line;
            }
        }
        throw new AssertionError("the agent ended without answering " + spec);
    }

    private String sysctl(String key) throws Exception {
        return sh("ip", "netns", "exec", ns, "cat", "/proc/sys/" + key).trim();
    }

    private static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timeout: " + String.join(" ", cmd));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

}
