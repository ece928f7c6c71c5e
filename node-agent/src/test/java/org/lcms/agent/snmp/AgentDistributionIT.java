package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent as an operator installs it: the tar.gz is unpacked, {@code bin/lcms-agent --config} starts
 * it as its own process, net-snmp's snmpget reads it over SNMPv3 authPriv, SIGTERM stops it cleanly.
 */
class AgentDistributionIT {
    @TempDir
    Path tmp;

    @Test
    void theTarballStartsWithItsScriptAnswersSnmpAndStopsOnSigterm() throws Exception {
        NetSnmp.requireTools();
        Path tarball = Path.of(System.getProperty("lcms.agent.dist"));
        assertTrue(Files.isReadable(tarball), "built by the package phase: " + tarball);
        exec(List.of("tar", "xzf", tarball.toString(), "-C", tmp.toString()));
        Path home;
        try (var dirs = Files.list(tmp)) {
            home = dirs.filter(p -> p.getFileName().toString().startsWith("lcms-agent-")).findFirst().orElseThrow();
        }
        for (String f : List.of("bin/lcms-agent", "agent.cfg.sample", "systemd/lcms-agent.service")) {
            assertTrue(Files.exists(home.resolve(f)), "the distribution has " + f);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/lcms-agent")));

        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = tmp.resolve("agent.cfg");
        Files.writeString(cfg, String.join("\n",
            "listen = 127.0.0.1/" + port,
            "stateDirectory = " + tmp.resolve("state"),
            "configurator = dry-run",
            "user.lcms.authPassword = dist-auth-secret",
            "user.lcms.privPassword = dist-priv-secret",
            ""));
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/lcms-agent").toString(), "--config", cfg.toString())
            .redirectErrorStream(true).redirectOutput(tmp.resolve("agent.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process agent = pb.start();
        try {
            List<String> v3 = NetSnmp.v3("lcms", "dist-auth-secret", "dist-priv-secret");
            NetSnmp.Result r = null;
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < end; ) {
                r = NetSnmp.run("snmpget", v3, "udp:127.0.0.1:" + port, "1.3.6.1.2.1.1.1.0");
                if (r.ok()) {
                    break;
                }
                if (!agent.isAlive()) {
                    fail("the agent exited: " + Files.readString(tmp.resolve("agent.log")));
                }
            }
            assertTrue(r != null && r.ok(), "snmpget over v3 authPriv: " + r);
            assertTrue(r.out().contains("LCMS"), "sysDescr names LCMS: " + r.out());
        } finally {
            agent.destroy(); // SIGTERM
            assertTrue(agent.waitFor(15, TimeUnit.SECONDS), "the agent stops on SIGTERM");
        }
        int exit = agent.exitValue();
        assertTrue(exit == 0 || exit == 143, "a clean exit on SIGTERM (0, or 128+15), not " + exit + ": "
            + Files.readString(tmp.resolve("agent.log")));
    }

    private static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + new String(p.getInputStream().readAllBytes()));
    }
}
