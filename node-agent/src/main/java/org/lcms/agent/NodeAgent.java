package org.lcms.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.config.AgentConfigParser;
import org.lcms.agent.failover.DryRunVipControl;
import org.lcms.agent.failover.FailoverRuntime;
import org.lcms.agent.failover.LinuxVipControl;
import org.lcms.agent.host.IpBatch;
import org.lcms.agent.failover.RealtimePriority;
import org.lcms.agent.failover.ReportingVipControl;
import org.lcms.agent.health.HealthCheckedDriver;
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

    /** The failover and what moves the VIPs (closed together, the runtime first). */
    record Failover(FailoverRuntime runtime, AutoCloseable vipControl) implements AutoCloseable {
        @Override
        public void close() {
            runtime.close();
            try {
                vipControl.close();
            } catch (Exception e) {
                System.err.println("lcms-agent: releasing the VIPs: " + e.getMessage());
            }
        }
    }

    /**
     * The LB manager's election and witness for the configured clusters. The VIP moves on the host with
     * {@code configurator = linux} ({@link LinuxVipControl}), otherwise it is a dry run.
     */
    static Failover startFailover(AgentConfig.Failover f, boolean linux, ReportingVipControl.Report report)
        throws IOException {
        java.util.List<FailoverRuntime.ClusterSpec> specs = new java.util.ArrayList<>();
        java.util.Map<String, String> vips = new java.util.HashMap<>();
        java.util.Map<String, LinuxVipControl.Vip> linuxVips = new java.util.HashMap<>();
        java.util.Map<String, Integer> ranks = new java.util.HashMap<>();
        for (AgentConfig.FailoverCluster c : f.clusters()) {
            specs.add(new FailoverRuntime.ClusterSpec(c.name(),
                c.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                c.ranked().stream().map(NodeAgent::peer).toList(),
                c.witnesses().stream().map(NodeAgent::peer).toList(),
                c.heartbeat(), c.deadAfter(), c.lease(), c.renew(), c.failbackDelay()));
            vips.put(c.name(), c.vip());
            if (c.ranked().stream().anyMatch(p -> p.name().equals(f.self()))) {
                linuxVips.put(c.name(), new LinuxVipControl.Vip(c.vip(), c.device()));
                ranks.put(c.name(), c.ranked().stream().map(AgentConfig.FailoverPeer::name).toList()
                    .indexOf(f.self()));
            }
        }
        java.util.function.LongSupplier clock = () -> System.nanoTime() / 1_000_000;
        ReportingVipControl control = new ReportingVipControl(linux
            ? new LinuxVipControl(linuxVips, LinuxVipControl.Commands.system(), clock,
                line -> System.out.println(java.time.LocalTime.now() + " lcms-agent: " + line))
            : new DryRunVipControl(vips, System.out), ranks, report);
        FailoverRuntime runtime;
        try {
            runtime = new FailoverRuntime(f.self(), socket(f.listen()), specs, control, clock, 2);
        } catch (IOException | RuntimeException e) {
            try {
                control.close();
            } catch (Exception ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
        System.out.printf("lcms-agent: failover as %s on %s for %s%n", f.self(), f.listen(),
            f.clusters().stream().map(AgentConfig.FailoverCluster::name).toList());
        if (linux && f.realtimePriority() > 0) {
            realtime("the failover thread", RealtimePriority.threadId("lcms-failover"), f.realtimePriority());
            // The JVM stops every Java thread at a safepoint (a garbage collection, with the serial collector
            // done by this thread): if it waits for a CPU, the failover thread waits with it, real-time or not.
            realtime("the JVM's VM thread", RealtimePriority.threadId("VM Thread"), f.realtimePriority());
            if (control.inner() instanceof LinuxVipControl l) {
                realtime("the VIP switch's nft process", java.util.Optional.of(l.nftPid()), f.realtimePriority());
                // a take is on the client's clock: the worker that adds and announces the VIP, the ip session
                // and the thread reading its answers must not wait behind normal threads either
                realtime("the VIP worker thread", RealtimePriority.threadId(LinuxVipControl.WORKER_THREAD),
                    f.realtimePriority());
                realtime("the ip session", l.ipPid(), f.realtimePriority());
                realtime("the ip session's reader", RealtimePriority.threadId(IpBatch.READER_THREAD),
                    f.realtimePriority());
            }
        }
        return new Failover(runtime, control);
    }

    private static void realtime(String what, java.util.Optional<Long> id, int priority) {
        java.util.Optional<String> problem = id.isEmpty() ? java.util.Optional.of("its thread was not found")
            : RealtimePriority.apply(id.get(), priority);
        System.out.println("lcms-agent: " + what + (problem.isEmpty() ? " runs at real-time priority " + priority
            : " keeps normal scheduling: " + problem.get() + " (failover.realtimePriority = 0 silences this)"));
    }

    private static java.net.InetAddress address(String literal) {
        try {
            return java.net.InetAddress.getByName(literal); // an address literal (checked by the parser): no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
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
        Failover failover = null;
        if (config.failover().isPresent()) {
            try {
                java.util.Map<String, String> vipOf = new java.util.HashMap<>();
                config.failover().get().clusters().forEach(c -> vipOf.put(c.name(), c.vip()));
                LcmsSnmpAgent reporting = agent;
                failover = startFailover(config.failover().get(), config.configurator().equals("linux"),
                    (cluster, rank, epoch, holding, reason) -> reporting.failoverChanged(cluster,
                        address(vipOf.get(cluster)), rank, epoch, holding, reason));
            } catch (IOException | RuntimeException e) {
                agent.close();
                System.err.println("lcms-agent: cannot start the failover on " + config.failover().get().listen()
                    + ": " + e.getMessage() + " (is the port taken?)");
                System.exit(1);
                return;
            }
        }
        if (failover != null) {
            agent.attachFailover(failover.runtime());
        }
        if (failover != null && config.configurator().equals("linux") && config.failover().get().realtimePriority() > 0
            && !config.healthCheck().none()) {
            // A failed real server must leave the rotation within a few check intervals however busy the host is
            // (keepalived's checker_rt_priority): on the 2-CPU bed, at normal priority, the checks of a killed
            // server ran late enough to keep it in rotation 0.5-3 s instead of ~0.2 s. They only sleep between
            // short probes; the nft each one starts to change the table inherits the priority.
            for (int i = 1; i <= HealthCheckedDriver.CHECK_THREADS; i++) {
                realtime("health check thread " + i, RealtimePriority.threadId(HealthCheckedDriver.THREAD_NAME + i),
                    config.failover().get().realtimePriority());
            }
        }
        System.out.printf("lcms-agent: listening on %s (%s configurator), engine ID %s, boots %d, started in %d ms%n",
            agent.address(), config.configurator(), agent.engineId().toHexString(), agent.engineBoots(),
            (System.nanoTime() - started) / 1_000_000);
        CountDownLatch stopped = new CountDownLatch(1);
        Failover runningFailover = failover;
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
