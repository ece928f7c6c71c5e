package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.config.AgentConfigParser;

/**
 * The kept policies are read by the failover thread (a take or release persists the state file) while a SET or the
 * agent's start holds {@link FailoverPolicies} and waits for that thread to set the fail-back delay. Seen in the
 * demo: the only load balancer of a cluster takes its VIP at the first tick, just as the start handed the kept
 * policy over; the start waited the failover thread's 1 s out and died with "the failover thread did not answer".
 */
class FailoverPoliciesTest {

    @Test
    void theKeptTextsAreReadWithoutWaitingForAWriteInProgress(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("agent.cfg");
        Files.writeString(cfg, String.join("\n",
            "listen = 127.0.0.1/1161",
            "stateDirectory = " + dir,
            "user.lcms.authPassword = auth-secret-1",
            "user.lcms.privPassword = priv-secret-1",
            "failover.self = lb1",
            "failover.listen = 127.0.0.1/7411",
            "failover.cluster.web.key = a-cluster-key-of-24-chars",
            "failover.cluster.web.vip = 192.0.2.100",
            "failover.cluster.web.members = lb1@127.0.0.1/7411",
            "failover.cluster.web.witnesses = rs1@127.0.0.2/7411", ""));
        AgentConfig config = AgentConfigParser.parse(cfg);
        FailoverPolicies policies = new FailoverPolicies(config, Map.of("web", "failbackDelay=never"),
            Optional.empty(), Optional::empty, () -> { });
        Map<String, String> kept = policies.texts();
        assertEquals("failbackDelay=never", kept.get("web"));

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            synchronized (policies) { // as apply() and failoverStarted() do while they wait for the failover thread
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        writer.start();
        held.await();
        try {
            assertTimeoutPreemptively(Duration.ofMillis(500), () -> assertEquals(kept, policies.texts()),
                "texts() must not wait for the lock the writer holds");
        } finally {
            release.countDown();
            writer.join();
        }
    }
}
