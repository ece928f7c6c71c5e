package org.lcms.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.config.AgentConfigParser;
import org.lcms.agent.failover.DryRunVipControl;
import org.lcms.agent.failover.FailoverRuntime;
import org.lcms.agent.role.DryRunHostConfigurator;
import org.lcms.agent.role.HostConfigurator;
import org.lcms.agent.role.LinuxHostConfigurator;
import org.lcms.agent.snmp.LcmsSnmpAgent;

/**
 * The node agent process: {@code NodeAgent --config FILE}. Reads and checks the configuration (any problem
 * stops it with a message naming the file and key), starts the SNMP agent and runs until it is stopped
 * (SIGTERM/SIGINT: the socket is closed and the threads end).
 */
public final class NodeAgent {
    private NodeAgent() {
    }

    /** The LB manager's election and witness for the configured clusters (VIP changes: dry run for now). */
    static FailoverRuntime startFailover(AgentConfig.Failover f) throws IOException {
        java.util.List<FailoverRuntime.ClusterSpec> specs = new java.util.ArrayList<>();
        java.util.Map<String, String> vips = new java.util.HashMap<>();
        for (AgentConfig.FailoverCluster c : f.clusters()) {
            specs.add(new FailoverRuntime.ClusterSpec(c.name(),
                c.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                c.ranked().stream().map(NodeAgent::peer).toList(),
                c.witnesses().stream().map(NodeAgent::peer).toList(),
                c.heartbeat(), c.deadAfter(), c.lease(), c.renew(), c.failbackDelay()));
            vips.put(c.name(), c.vip());
        }
        FailoverRuntime runtime = new FailoverRuntime(f.self(), socket(f.listen()), specs,
            new DryRunVipControl(vips, System.out), () -> System.nanoTime() / 1_000_000, 2);
        System.out.printf("lcms-agent: failover as %s on %s for %s%n", f.self(), f.listen(),
            f.clusters().stream().map(AgentConfig.FailoverCluster::name).toList());
        return runtime;
    }

    private static FailoverRuntime.Peer peer(AgentConfig.FailoverPeer p) {
        return new FailoverRuntime.Peer(p.name(), socket(p.address()));
    }

    /** ADDRESS/PORT as checked by the parser. */
    private static java.net.InetSocketAddress socket(String addressSlashPort) {
        int slash = addressSlashPort.lastIndexOf('/');
        String host = addressSlashPort.substring(0, slash).replace("[", "").replace("]", "");
        return new java.net.InetSocketAddress(host, Integer.parseInt(addressSlashPort.substring(slash + 1)));
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: NodeAgent --config FILE   (see agent.cfg.sample for the keys)");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        AgentConfig config;
        try {
            if (!Files.isReadable(file)) {
                throw new IOException(file + " is not a readable file");
            }
            config = AgentConfigParser.parse(file);
        } catch (AgentConfigParser.InvalidAgentConfig | IOException e) {
            System.err.println("lcms-agent: " + e.getMessage());
            System.exit(1);
            return;
        }
        HostConfigurator configurator = config.configurator().equals("linux")
            ? LinuxHostConfigurator.system() : new DryRunHostConfigurator();
        long started = System.nanoTime();
        LcmsSnmpAgent agent;
        try {
            agent = LcmsSnmpAgent.start(config, configurator);
        } catch (IOException | RuntimeException e) {
            System.err.println("lcms-agent: cannot start on " + config.listen() + ": " + e.getMessage()
                + " (is the port taken, or the state directory " + config.stateDirectory() + " not writable?)");
            System.exit(1);
            return;
        }
        FailoverRuntime failover = null;
        if (config.failover().isPresent()) {
            try {
                failover = startFailover(config.failover().get());
            } catch (IOException | RuntimeException e) {
                agent.close();
                System.err.println("lcms-agent: cannot start the failover on " + config.failover().get().listen()
                    + ": " + e.getMessage() + " (is the port taken?)");
                System.exit(1);
                return;
            }
        }
        System.out.printf("lcms-agent: listening on %s (%s configurator), engine ID %s, boots %d, started in %d ms%n",
            agent.address(), config.configurator(), agent.engineId().toHexString(), agent.engineBoots(),
            (System.nanoTime() - started) / 1_000_000);
        CountDownLatch stopped = new CountDownLatch(1);
        FailoverRuntime runningFailover = failover;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (runningFailover != null) {
                runningFailover.close();
            }
            agent.close();
            stopped.countDown();
        }, "lcms-agent-shutdown"));
        stopped.await();
    }
}
