package org.lcms.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The karaf-assembly tar.gz as an operator gets it: extracted, started as a real process with no Maven
 * repository reachable, asked over ssh (bin/client) until {@code lcms:host-list} answers, restarted once.
 * Checks what the distribution promises: it boots offline, ships no login, binds ssh to 127.0.0.1, logs the
 * initial administrator exactly once, and keeps data across a restart.
 */
class AssemblySmokeIT {

    private static final String ADMIN_LINE = "LCMS initial administrator";

    private AssemblyProcess karaf;

    @BeforeEach
    void extract() throws Exception {
        karaf = new AssemblyProcess("smoke");
        Path home = karaf.home();
        // Promises of the shipped distribution, checked before the test changes anything.
        Path users = home.resolve("etc/users.properties");
        List<String> activeUsers = Files.readAllLines(users).stream()
            .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(List.of(), activeUsers, "the distribution ships no login in " + users);
        Path shell = home.resolve("etc/org.apache.karaf.shell.cfg");
        assertEquals("127.0.0.1", AssemblyProcess.PropertiesFile.get(shell, "sshHost"), "ssh listens on 127.0.0.1 only");
        karaf.prepare();
        // The web UI's HTTPS port: a free one, so that a Karaf already running here cannot break the test.
        AssemblyProcess.PropertiesFile.set(home.resolve("etc/org.ops4j.pax.web.cfg"),
            "org.osgi.service.http.port.secure", AssemblyProcess.freePort());
    }

    @AfterEach
    void stopKaraf() throws Exception {
        karaf.close();
    }

    @Test
    void bootsOfflineLogsTheInitialAdministratorOnceAndKeepsDataAcrossARestart() throws Exception {
        long coldStart = karaf.start("lcms:host-list");
        report("assembly cold start (process start -> first lcms:host-list answered): " + coldStart + " ms");
        assertEquals(1, adminLines(), "the initial administrator is logged exactly once on first start:\n"
            + String.join("\n", karaf.logLinesWith(ADMIN_LINE)));
        karaf.client("lcms:host-add --potential rs smoke-rs1 10.88.0.11");
        assertTrue(karaf.client("lcms:host-list").contains("smoke-rs1"));

        karaf.stop();
        long warmStart = karaf.start("lcms:host-list");
        report("assembly restart (process start -> lcms:host-list answered): " + warmStart + " ms");
        assertEquals(1, adminLines(), "no second initial administrator after a restart:\n"
            + String.join("\n", karaf.logLinesWith(ADMIN_LINE)));
        String hosts = karaf.client("lcms:host-list");
        assertTrue(hosts.contains("smoke-rs1") && hosts.contains("10.88.0.11"),
            "the host added before the restart is still there:\n" + hosts);
    }

    private long adminLines() throws IOException {
        return karaf.logLinesWith(ADMIN_LINE).size();
    }

    private static void report(String line) {
        LcmsContainerTestSupport.report(line);
    }
}
