package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.NodeAgent;
import org.lcms.agent.host.KernelHostReader;
import org.lcms.mib.LcmsMib;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.PDUv1;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.agent.AgentConfigManager;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.MPv1;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * Robustness: the node agent as its own process (the start script's JVM options, so its memory is its own and
 * measurable) gets rounds of 100,000 UDP datagrams on 127.0.0.1 - random bytes and valid SNMPv1/v2c/v3 messages
 * (encoded once by snmp4j, with the real user, wrong keys, unknown users and engine IDs) mutated in their BER
 * structure and bytes - sent in paced bursts. Afterwards it must be alive, answer net-snmp's snmpget over v3
 * authPriv and v2c with the right values, not log stack traces by the screenful, and not have grown.
 *
 * <p>Memory bound: the heap is capped by the start script's -Xmx, so a leak of Java objects shows first as live-heap
 * growth (measured after a full GC, {@code jcmd GC.class_histogram}) and only late as RSS. Round 1 after the
 * warm-up still lets the JVM grow its heap, code cache and metaspace towards their working size; round 2 is the
 * same traffic again, so its growth must be small: RSS at most 10 MB over round 1's peak and the peak itself +10 MB
 * at most (allocator and GC page noise, a few MB)
 * and live heap +2 MB at most (a leak of 20 bytes per datagram would already exceed it).
 *
 * <p>Reproduce a run with {@code -Dlcms.fuzz.seed=N} (the seed is printed); {@code -Dlcms.fuzz.packets=N}
 * changes the round size.
 */
@Timeout(value = 100, unit = TimeUnit.SECONDS) // a hard guard; a run takes about 25 s
class AgentFuzzTest {
    static final long SEED = Long.getLong("lcms.fuzz.seed", System.nanoTime() & 0xFFFF_FFFFL);
    static final int ROUND = Integer.getInteger("lcms.fuzz.packets", 100_000);
    static final int WARM_UP = ROUND / 5;
    /** Datagrams per second, sent in bursts of {@link #BURST} with pauses in between. */
    static final int RATE = 15_000;
    static final int BURST = 50;
    static final long ROUND_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

    static final String USER = "fuzz";
    static final String AUTH = "fuzz-auth-secret";
    static final String PRIV = "fuzz-priv-secret";
    static final String COMMUNITY = "fuzz-community-7";
    static final long MB = 1024 * 1024;

    static final OID[] SYSTEM = {SnmpConstants.sysDescr, SnmpConstants.sysObjectID, SnmpConstants.sysUpTime,
        SnmpConstants.sysName};

    @TempDir
    Path tmp;

    @Test
    void randomAndMutatedPacketsNeitherCrashNorStallNorGrowTheAgent() throws Exception {
        NetSnmp.requireTools();
        System.out.printf("[lcms-fuzz] seed %d (rerun with -Dlcms.fuzz.seed=%d), %d datagrams a round at %d/s%n",
            SEED, SEED, ROUND, RATE);
        int port = LcmsSnmpAgentTest.freeUdpPort();
        Path log = tmp.resolve("agent.log");
        Path cfg = tmp.resolve("agent.cfg");
        Files.writeString(cfg, String.join("\n",
            "listen = 127.0.0.1/" + port,
            "stateDirectory = " + tmp.resolve("state"),
            "configurator = dry-run",
            "rolePotential = rs",
            "user." + USER + ".authPassword = " + AUTH,
            "user." + USER + ".privPassword = " + PRIV,
            "user." + USER + ".access = readwrite",
            "community.readonly = " + COMMUNITY,
            ""));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(startScriptJavaOptions());
        cmd.addAll(List.of("-cp", agentClassPath(), NodeAgent.class.getName(), "--config", cfg.toString()));
        Process agent = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] engineId = awaitStart(agent, log);
            System.out.println("[lcms-fuzz] agent pid " + agent.pid() + ": " + String.join(" ", cmd));

            List<Seed> seeds = seeds(port, engineId);
            System.out.println("[lcms-fuzz] " + seeds.size() + " seed messages: "
                + seeds.stream().map(Seed::name).collect(Collectors.joining(", ")));

            sender.setReceiveBufferSize(4 * (int) MB);
            sender.setSoTimeout(100);
            AtomicLong replies = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            Thread receiver = new Thread(() -> countReplies(sender, replies, stop), "fuzz-replies");
            receiver.setDaemon(true);
            receiver.start();

            Fuzzer fuzzer = new Fuzzer(new Random(SEED), seeds);
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);

            Round warm = round("warm-up", WARM_UP, fuzzer, sender, target, replies, agent);
            Memory m0 = memory(agent);
            Round r1 = round("round 1", ROUND, fuzzer, sender, target, replies, agent);
            Memory m1 = memory(agent);
            Round r2 = round("round 2", ROUND, fuzzer, sender, target, replies, agent);
            Memory m2 = memory(agent);
            stop.set(true);
            receiver.join(2000);

            System.out.printf("[lcms-fuzz] memory after warm-up: %s%n", m0);
            System.out.printf("[lcms-fuzz] memory after round 1: %s%n", m1);
            System.out.printf("[lcms-fuzz] memory after round 2: %s%n", m2);
            System.out.println("[lcms-fuzz] live heap growth in round 2 by class: " + m2.bytesByClass.entrySet()
                .stream().map(e -> java.util.Map.entry(e.getKey(), e.getValue() - m1.bytesByClass.getOrDefault(
                    e.getKey(), 0L))).filter(e -> e.getValue() != 0).sorted((a, b) -> Long.compare(b.getValue(),
                    a.getValue())).limit(8).map(e -> e.getKey() + " " + e.getValue()).toList());
            long sent = warm.sent + r1.sent + r2.sent;
            System.out.printf("[lcms-fuzz] total: %d datagrams (%d bytes) in %.1f s, %d replies; seed %d%n",
                sent, warm.bytes + r1.bytes + r2.bytes, (warm.nanos + r1.nanos + r2.nanos) / 1e9, replies.get(),
                SEED);

            assertTrue(agent.isAlive(), "the agent survived (seed " + SEED + "): " + tail(log));
            assertTrue(r1.sent >= 100_000 || ROUND < 100_000, "round 1 sent " + r1.sent);
            assertTrue(r1.replies > 0 && r2.replies > 0, "the valid messages among them were answered");

            // still answers, correctly, over both access paths
            String address = "udp:127.0.0.1:" + port;
            String hostName = KernelHostReader.system().read().hostName();
            NetSnmp.Result v3 = NetSnmp.run("snmpget", NetSnmp.v3(USER, AUTH, PRIV), address,
                "." + SnmpConstants.sysDescr, "." + SnmpConstants.sysObjectID, "." + SnmpConstants.sysName);
            assertTrue(v3.ok(), "v3 authPriv snmpget after the fuzzing (seed " + SEED + "): " + v3);
            assertTrue(v3.out().contains("." + SnmpConstants.sysDescr + " = STRING: \"LCMS node agent")
                || v3.out().contains("." + SnmpConstants.sysDescr + " = STRING: LCMS node agent"), v3.out());
            assertTrue(v3.out().contains("." + SnmpConstants.sysObjectID + " = OID: ." + LcmsMib.LCMS_MIB),
                v3.out());
            assertTrue(v3.out().contains(hostName), "sysName is " + hostName + ": " + v3.out());
            NetSnmp.Result v2c = NetSnmp.run("snmpget", List.of("-v2c", "-c", COMMUNITY), address,
                "." + SnmpConstants.sysObjectID, "." + SnmpConstants.sysName);
            assertTrue(v2c.ok(), "v2c snmpget after the fuzzing (seed " + SEED + "): " + v2c);
            assertTrue(v2c.out().contains("." + SnmpConstants.sysObjectID + " = OID: ." + LcmsMib.LCMS_MIB),
                v2c.out());
            assertTrue(v2c.out().contains(hostName), v2c.out());
            NetSnmp.Result wrong = NetSnmp.run("snmpget", NetSnmp.v3(USER, "not-the-auth-pw", PRIV), address,
                "." + SnmpConstants.sysDescr);
            assertTrue(!wrong.ok() && wrong.all().contains("Authentication fail"), "still refuses: " + wrong);

            // memory: flat in round 2 (see the class comment for the bounds). Against round 1's peak (VmHWM), not
            // its RSS snapshot: the snapshot is taken right after a full GC and can sit well below the working set
            // (seen: 60 MB after round 1, 72 MB after round 2, peak 74 MB in both: no growth at all)
            assertTrue(m2.rssKb - Math.max(m1.rssKb, m1.hwmKb) < 10 * 1024 && m2.hwmKb - m1.hwmKb < 10 * 1024,
                "memory grew in round 2 (RSS over round 1's peak, or the peak itself, by 10 MB or more): " + m1
                    + " -> " + m2);
            if (m0.liveHeap >= 0 && m2.liveHeap >= 0) {
                assertTrue(m2.liveHeap - m1.liveHeap < 2 * MB, "live heap grew in round 2 by "
                    + (m2.liveHeap - m1.liveHeap) / 1024 + " kB: " + m1 + " -> " + m2);
            }

            // no stack-trace flood in the agent's output
            List<String> lines = Files.readAllLines(log);
            long frames = lines.stream().filter(l -> l.startsWith("\tat ")).count();
            System.out.printf("[lcms-fuzz] agent log: %d lines, %d stack frames%n", lines.size(), frames);
            assertTrue(lines.size() <= 50 && frames <= 20, "the agent's log stays quiet under garbage: "
                + lines.size() + " lines, " + frames + " stack frames; tail: " + tail(log));
        } finally {
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
                agent.waitFor(5, TimeUnit.SECONDS);
            }
        }
        int exit = agent.exitValue();
        assertTrue(exit == 0 || exit == 143, "the agent stops cleanly on SIGTERM after the fuzzing, not " + exit);
    }

    // ----------------------------------------------------------------------------------------- the agent process

    /** The default JVM options of bin/lcms-agent ({@code DEFAULT_OPTS="..."}): the agent as it really runs. */
    static List<String> startScriptJavaOptions() throws IOException {
        String script = Files.readString(Path.of("src/main/dist/bin/lcms-agent"));
        Matcher m = Pattern.compile("\nDEFAULT_OPTS=\"([^\"]*)\"").matcher(script);
        assertTrue(m.find(), "bin/lcms-agent has default JVM options");
        return List.of(m.group(1).replace("\\\n", " ").trim().split("\\s+"));
    }

    /** Our classes, the LCMS-MIB constants and the two snmp4j jars, as the distribution's lib/ has them. */
    static String agentClassPath() {
        // and the failover core: the health-check defaults (RotationPlanner.OnFailure) load at every start
        return Stream.of(NodeAgent.class, LcmsMib.class, Snmp.class, AgentConfigManager.class,
            org.lcms.failover.core.RotationPlanner.class).map(c -> {
            try {
                return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).distinct().collect(Collectors.joining(File.pathSeparator));
    }

    private static byte[] awaitStart(Process agent, Path log) throws Exception {
        Pattern started = Pattern.compile("engine ID ([0-9a-fA-F:]+),");
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); System.nanoTime() < end; ) {
            if (Files.exists(log)) {
                Matcher m = started.matcher(Files.readString(log));
                if (m.find()) {
                    return OctetString.fromHexString(m.group(1)).getValue();
                }
            }
            if (!agent.isAlive()) {
                fail("the agent exited: " + tail(log));
            }
            Thread.sleep(50);
        }
        fail("the agent did not start in 20 s: " + tail(log));
        return null;
    }

    record Memory(long rssKb, long hwmKb, long liveHeap, java.util.Map<String, Long> bytesByClass) {
        @Override
        public String toString() {
            return "VmRSS " + rssKb / 1024 + " MB (" + rssKb + " kB), VmHWM " + hwmKb / 1024 + " MB, live heap "
                + (liveHeap < 0 ? "n/a" : liveHeap / 1024 + " kB");
        }
    }

    /** Live heap after a full GC (jcmd GC.class_histogram forces one), then VmRSS/VmHWM from /proc. */
    static Memory memory(Process agent) throws Exception {
        long live = -1;
        java.util.Map<String, Long> byClass = new java.util.HashMap<>();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (Files.isExecutable(jcmd)) {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(agent.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                Matcher m = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(out);
                if (m.find()) {
                    live = Long.parseLong(m.group(1));
                }
                Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)").matcher(out);
                while (row.find()) {
                    byClass.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
                }
            }
        }
        Thread.sleep(200);
        String status = Files.readString(Path.of("/proc", Long.toString(agent.pid()), "status"));
        return new Memory(statusKb(status, "VmRSS"), statusKb(status, "VmHWM"), live, byClass);
    }

    static long statusKb(String status, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + ":\\s+(\\d+) kB").matcher(status);
        assertTrue(m.find(), key + " in /proc/PID/status");
        return Long.parseLong(m.group(1));
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    // ------------------------------------------------------------------------------------------------ sending

    record Round(long sent, long bytes, long nanos, long replies) {
    }

    private static Round round(String name, int packets, Fuzzer fuzzer, DatagramSocket sender,
                               InetSocketAddress target, AtomicLong replies, Process agent) throws Exception {
        long replies0 = replies.get();
        long bytes = 0;
        int sent = 0;
        int sendErrors = 0;
        long start = System.nanoTime();
        DatagramPacket packet = new DatagramPacket(new byte[0], 0, target);
        while (sent < packets) {
            if (System.nanoTime() - start > ROUND_DEADLINE_NANOS) {
                fail(name + ": only " + sent + " datagrams in " + ROUND_DEADLINE_NANOS / 1_000_000_000 + " s");
            }
            for (int i = 0; i < BURST && sent < packets; i++) {
                byte[] data = fuzzer.next();
                packet.setData(data);
                try {
                    sender.send(packet);
                } catch (IOException e) {
                    sendErrors++; // e.g. a full socket buffer: the datagram is simply not sent
                }
                sent++;
                bytes += data.length;
            }
            long due = start + sent * 1_000_000_000L / RATE;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if ((sent % 10_000) < BURST && !agent.isAlive()) {
                fail(name + ": the agent died after " + sent + " datagrams (seed " + SEED + ")");
            }
        }
        long nanos = System.nanoTime() - start;
        // Let the agent drain its queue before anything is measured: until no reply has come for 500 ms (at most
        // 10 s). A fixed 500 ms was too short once on a clean CI run: a GETBULK of 10,000 repetitions still in
        // work showed as 4 MB of "grown" live heap (SnmpSubRequest, Object[]).
        long lastReplies = replies.get();
        long quietSince = System.nanoTime();
        long drainEnd = quietSince + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(500) && System.nanoTime() < drainEnd) {
            Thread.sleep(50);
            long now = replies.get();
            if (now != lastReplies) {
                lastReplies = now;
                quietSince = System.nanoTime();
            }
        }
        long got = replies.get() - replies0;
        System.out.printf("[lcms-fuzz] %s: %d datagrams (%d bytes, %d send errors) in %.2f s = %.0f/s, "
                + "%d replies, agent alive: %b%n", name, sent, bytes, sendErrors, nanos / 1e9, sent / (nanos / 1e9),
            got, agent.isAlive());
        return new Round(sent, bytes, nanos, got);
    }

    private static void countReplies(DatagramSocket socket, AtomicLong replies, AtomicBoolean stop) {
        DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
        while (!stop.get()) {
            try {
                socket.receive(p);
                replies.incrementAndGet();
            } catch (SocketTimeoutException e) {
                // look at stop again
            } catch (IOException e) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------- valid messages (seeds)

    record Seed(String name, byte[] bytes) {
    }

    /**
     * Real SNMP messages, encoded by snmp4j clients that send to a local capture socket instead of the agent.
     * The right v3 user first does one real exchange with the agent, so its messages carry the agent's engine
     * ID, boots and time and are accepted when replayed (within the 150 s window of RFC 3414).
     */
    private static List<Seed> seeds(int agentPort, byte[] engineId) throws Exception {
        SecurityProtocols.getInstance().addDefaultProtocols();
        SecurityProtocols.getInstance().addAuthenticationProtocol(new AuthHMAC192SHA256());
        SecurityProtocols.getInstance().addPrivacyProtocol(new PrivAES128());
        List<Seed> seeds = new ArrayList<>();
        UdpAddress agentAddress = new UdpAddress("127.0.0.1/" + agentPort);
        try (DatagramSocket capture = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            capture.setSoTimeout(3000);
            UdpAddress sink = new UdpAddress(capture.getLocalAddress(), capture.getLocalPort());

            // SNMPv1 (the agent has no v1 at all) and v2c, with the right and a wrong community
            Snmp community = client(null);
            try {
                for (String c : List.of(COMMUNITY, "public")) {
                    CommunityTarget<Address> v2 = new CommunityTarget<>(sink, new OctetString(c));
                    v2.setVersion(SnmpConstants.version2c);
                    for (PDU pdu : requests(new PDU())) {
                        seeds.add(capture(community, pdu, v2, capture, "v2c/" + c + "/" + pduName(pdu)));
                    }
                    CommunityTarget<Address> v1 = new CommunityTarget<>(sink, new OctetString(c));
                    v1.setVersion(SnmpConstants.version1);
                    PDUv1 get = new PDUv1();
                    get.setType(PDU.GET);
                    Arrays.stream(SYSTEM).forEach(o -> get.add(new VariableBinding(o)));
                    seeds.add(capture(community, get, v1, capture, "v1/" + c + "/get"));
                }
            } finally {
                community.close();
            }

            // SNMPv3: the real user (time-synchronised with the agent) at all three levels
            UsmUser real = new UsmUser(new OctetString(USER), AuthHMAC192SHA256.ID, new OctetString(AUTH),
                PrivAES128.ID, new OctetString(PRIV));
            Snmp good = client(real);
            try {
                UserTarget<Address> toAgent = v3Target(agentAddress, null, SecurityLevel.AUTH_PRIV);
                ScopedPDU probe = new ScopedPDU();
                probe.add(new VariableBinding(SnmpConstants.sysDescr));
                ResponseEvent<Address> r = good.get(probe, toAgent);
                assertTrue(r.getResponse() != null && r.getResponse().getErrorStatus() == 0,
                    "a real v3 GET before the fuzzing: " + r.getResponse());
                for (PDU pdu : requests(new ScopedPDU())) {
                    seeds.add(capture(good, pdu, v3Target(sink, engineId, SecurityLevel.AUTH_PRIV), capture,
                        "v3/authPriv/" + pduName(pdu)));
                }
                seeds.add(capture(good, get(new ScopedPDU()), v3Target(sink, engineId, SecurityLevel.AUTH_NOPRIV),
                    capture, "v3/authNoPriv/get"));
                seeds.add(capture(good, get(new ScopedPDU()), v3Target(sink, engineId, SecurityLevel.NOAUTH_NOPRIV),
                    capture, "v3/noAuthNoPriv/get"));
                seeds.add(capture(good, get(new ScopedPDU()), v3Target(sink, randomEngineId(), SecurityLevel.AUTH_PRIV),
                    capture, "v3/unknown-engine/get"));
            } finally {
                good.close();
            }

            // SNMPv3: wrong keys, an unknown user, and the discovery probe (empty engine ID)
            List<UsmUser> wrong = List.of(
                new UsmUser(new OctetString(USER), AuthHMAC192SHA256.ID, new OctetString("wrong-auth-secret"),
                    PrivAES128.ID, new OctetString(PRIV)),
                new UsmUser(new OctetString(USER), AuthHMAC192SHA256.ID, new OctetString(AUTH),
                    PrivAES128.ID, new OctetString("wrong-priv-secret")),
                new UsmUser(new OctetString("nobody"), AuthHMAC192SHA256.ID, new OctetString(AUTH),
                    PrivAES128.ID, new OctetString(PRIV)));
            String[] names = {"wrong-auth-key", "wrong-priv-key", "unknown-user"};
            for (int i = 0; i < wrong.size(); i++) {
                Snmp bad = client(wrong.get(i));
                try {
                    String user = wrong.get(i).getSecurityName().toString();
                    seeds.add(capture(bad, get(new ScopedPDU()),
                        v3Target(sink, engineId, SecurityLevel.AUTH_PRIV, user), capture, "v3/" + names[i] + "/get"));
                    seeds.add(capture(bad, bulk(new ScopedPDU(), 0, 50),
                        v3Target(sink, engineId, SecurityLevel.AUTH_PRIV, user), capture,
                        "v3/" + names[i] + "/getbulk"));
                } finally {
                    bad.close();
                }
            }
            Snmp discover = client(real);
            try {
                // no engine ID known for this address: snmp4j first sends the RFC 3414 discovery probe
                seeds.add(capture(discover, get(new ScopedPDU()), v3Target(sink, null, SecurityLevel.AUTH_PRIV),
                    capture, "v3/discovery"));
            } finally {
                discover.close();
            }
        }
        return seeds;
    }

    private static Snmp client(UsmUser user) throws IOException {
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv1());
        dispatcher.addMessageProcessingModel(new MPv2c());
        USM usm = new USM(SecurityProtocols.getInstance(), new OctetString(MPv3.createLocalEngineID()), 0);
        if (user != null) {
            usm.addUser(user);
        }
        dispatcher.addMessageProcessingModel(new MPv3(usm));
        Snmp snmp = new Snmp(dispatcher, new DefaultUdpTransportMapping(new UdpAddress("127.0.0.1/0")));
        snmp.listen();
        return snmp;
    }

    private static UserTarget<Address> v3Target(Address address, byte[] engineId, int level) {
        return v3Target(address, engineId, level, USER);
    }

    private static UserTarget<Address> v3Target(Address address, byte[] engineId, int level, String user) {
        UserTarget<Address> t = new UserTarget<>(address, new OctetString(user),
            engineId == null ? new byte[0] : engineId, level);
        t.setVersion(SnmpConstants.version3);
        t.setTimeout(1500);
        t.setRetries(0);
        return t;
    }

    private static byte[] randomEngineId() {
        byte[] id = new byte[17];
        new Random(SEED).nextBytes(id);
        id[0] = (byte) 0x80;
        id[4] = 5;
        return id;
    }

    /** The request PDUs every seed family gets: reads, bulk reads with absurd fields, sets, absurd request IDs. */
    private static List<PDU> requests(PDU prototype) {
        List<PDU> out = new ArrayList<>();
        out.add(get((PDU) prototype.clone()));
        PDU next = (PDU) prototype.clone();
        next.setType(PDU.GETNEXT);
        next.add(new VariableBinding(new OID("1.3.6.1")));
        next.add(new VariableBinding(LcmsMib.LCMS_MIB));
        out.add(next);
        out.add(bulk((PDU) prototype.clone(), 0, 10));
        out.add(bulk((PDU) prototype.clone(), 1, 10_000));
        out.add(bulk((PDU) prototype.clone(), Integer.MAX_VALUE, Integer.MAX_VALUE));
        out.add(bulk((PDU) prototype.clone(), -1, -1));
        out.add(bulk((PDU) prototype.clone(), 2, Integer.MIN_VALUE));
        PDU setRole = (PDU) prototype.clone();
        setRole.setType(PDU.SET);
        setRole.add(new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE), new Integer32(99)));
        out.add(setRole);
        PDU setSys = (PDU) prototype.clone();
        setSys.setType(PDU.SET);
        setSys.add(new VariableBinding(SnmpConstants.sysName, new OctetString("fuzzed")));
        setSys.add(new VariableBinding(new OID("1.3.6.1.4.1.99999.42.42.0"), new Integer32(1)));
        out.add(setSys);
        for (int id : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, -1}) {
            PDU absurd = get((PDU) prototype.clone());
            absurd.setRequestID(new Integer32(id));
            out.add(absurd);
        }
        PDU many = (PDU) prototype.clone();
        many.setType(PDU.GET);
        for (int i = 0; i < 300; i++) {
            many.add(new VariableBinding(i % 2 == 0 ? SnmpConstants.sysUpTime : new OID("1.3.6.1.2.1.1.9.1.2." + i)));
        }
        out.add(many);
        return out;
    }

    private static PDU get(PDU pdu) {
        pdu.setType(PDU.GET);
        Arrays.stream(SYSTEM).forEach(o -> pdu.add(new VariableBinding(o)));
        return pdu;
    }

    private static PDU bulk(PDU pdu, int nonRepeaters, int maxRepetitions) {
        pdu.setType(PDU.GETBULK);
        pdu.setNonRepeaters(nonRepeaters);
        pdu.setMaxRepetitions(maxRepetitions);
        pdu.add(new VariableBinding(SnmpConstants.sysDescr));
        pdu.add(new VariableBinding(new OID("1.3.6.1")));
        return pdu;
    }

    private static String pduName(PDU pdu) {
        String type = PDU.getTypeString(pdu.getType()).toLowerCase();
        if (pdu.getType() == PDU.GETBULK) {
            type += "(" + pdu.getNonRepeaters() + "," + pdu.getMaxRepetitions() + ")";
        }
        if (pdu.getRequestID() != null && pdu.getRequestID().getValue() != 0) {
            type += "#" + pdu.getRequestID().getValue();
        }
        return type + "[" + pdu.size() + "]";
    }

    private static Seed capture(Snmp snmp, PDU pdu, Target<Address> target, DatagramSocket capture, String name)
        throws IOException {
        target.setTimeout(1500);
        target.setRetries(0);
        ResponseListener ignore = new ResponseListener() {
            @Override
            public <A extends Address> void onResponse(ResponseEvent<A> event) {
                ((Snmp) event.getSource()).cancel(event.getRequest(), this);
            }
        };
        snmp.send(pdu, target, null, ignore);
        DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
        capture.receive(p);
        return new Seed(name, Arrays.copyOf(p.getData(), p.getLength()));
    }

    // ------------------------------------------------------------------------------------------------- fuzzing

    /**
     * Makes the datagrams: a quarter pure random bytes (0..1500, now and then up to 65,507), some random
     * SNMP-looking TLV soup, a tenth valid seeds unchanged, the rest seeds mutated in their BER structure
     * (integers set to absurd values, elements duplicated/deleted/retagged, lengths recomputed or not) and/or in
     * their bytes (bit flips, truncation, length-field tampering, duplicated/deleted/inserted bytes).
     */
    static final class Fuzzer {
        private static final long[] ABSURD = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF_FFFFL,
            Long.MAX_VALUE, Long.MIN_VALUE, 484, 65_507, 65_536, 3, 255, 256};
        private final Random rnd;
        private final List<Seed> seeds;

        Fuzzer(Random rnd, List<Seed> seeds) {
            this.rnd = rnd;
            this.seeds = seeds;
        }

        byte[] next() {
            int kind = rnd.nextInt(100);
            if (kind < 25) {
                int len = rnd.nextInt(1000) == 0 ? 1501 + rnd.nextInt(65_507 - 1500) : rnd.nextInt(1501);
                byte[] b = new byte[len];
                rnd.nextBytes(b);
                if (len > 0 && rnd.nextBoolean()) {
                    b[0] = 0x30; // gets past the first check more often
                }
                return b;
            }
            if (kind < 30) {
                return Tlv.encode(randomTree(0), rnd.nextBoolean());
            }
            Seed seed = seeds.get(rnd.nextInt(seeds.size()));
            if (kind < 40) {
                return seed.bytes();
            }
            byte[] b = seed.bytes();
            if (kind < 75) {
                try {
                    Tlv root = Tlv.parse(b);
                    int n = 1 + rnd.nextInt(2);
                    for (int i = 0; i < n; i++) {
                        mutateTree(root);
                    }
                    b = Tlv.encode(root, rnd.nextInt(4) != 0);
                } catch (RuntimeException notBer) {
                    // fall through to byte mutations
                }
                if (rnd.nextInt(3) != 0) {
                    return b;
                }
            }
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                b = mutateBytes(b);
            }
            return b;
        }

        private void mutateTree(Tlv root) {
            List<Tlv> all = new ArrayList<>();
            root.collect(all);
            Tlv t = all.get(rnd.nextInt(all.size()));
            int op = rnd.nextInt(8);
            if (op <= 2) { // absurd integer (request ID, error status/index, non-repeaters, max-repetitions, ...)
                List<Tlv> ints = all.stream().filter(x -> x.tag == 0x02).toList();
                if (!ints.isEmpty()) {
                    ints.get(rnd.nextInt(ints.size())).setInteger(ABSURD[rnd.nextInt(ABSURD.length)]);
                }
            } else if (op == 3 && t.children != null && !t.children.isEmpty()) {
                Tlv c = t.children.get(rnd.nextInt(t.children.size()));
                int copies = rnd.nextInt(10) == 0 ? 100 : 1;
                for (int i = 0; i < copies; i++) {
                    t.children.add(rnd.nextInt(t.children.size() + 1), c.copy());
                }
            } else if (op == 4 && t.children != null && !t.children.isEmpty()) {
                t.children.remove(rnd.nextInt(t.children.size()));
            } else if (op == 5) {
                int[] tags = {0x02, 0x04, 0x05, 0x06, 0x30, 0x40, 0x41, 0x42, 0x43, 0x44, 0x46, 0x80, 0x81, 0x82,
                    0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0x1F, 0xFF, rnd.nextInt(256)};
                t.tag = tags[rnd.nextInt(tags.length)];
            } else if (op == 6 && t.value != null) {
                byte[] v = new byte[rnd.nextInt(10) == 0 ? rnd.nextInt(2000) : rnd.nextInt(20)];
                rnd.nextBytes(v);
                t.value = v;
                t.children = null;
            } else { // wrap in deep nesting
                Tlv inner = t.copy();
                int depth = rnd.nextInt(10) == 0 ? 200 : 1 + rnd.nextInt(5);
                for (int i = 0; i < depth; i++) {
                    Tlv wrap = new Tlv(0x30, null, new ArrayList<>(List.of(inner)));
                    inner = wrap;
                }
                t.tag = inner.tag;
                t.value = null;
                t.children = inner.children;
            }
        }

        private byte[] mutateBytes(byte[] b) {
            if (b.length == 0) {
                return new byte[] {(byte) rnd.nextInt(256)};
            }
            int op = rnd.nextInt(7);
            int at = rnd.nextInt(b.length);
            switch (op) {
                case 0: { // bit flips
                    byte[] c = b.clone();
                    int flips = 1 + rnd.nextInt(8);
                    for (int i = 0; i < flips; i++) {
                        int p = rnd.nextInt(c.length);
                        c[p] ^= (byte) (1 << rnd.nextInt(8));
                    }
                    return c;
                }
                case 1: // truncation
                    return Arrays.copyOf(b, at);
                case 2: { // length-field tampering on a real length field
                    List<int[]> lengths = new ArrayList<>();
                    Tlv.lengthFields(b, 0, b.length, lengths, 0);
                    if (lengths.isEmpty()) {
                        return Arrays.copyOf(b, at);
                    }
                    int[] f = lengths.get(rnd.nextInt(lengths.size()));
                    byte[][] forms = {{0}, {0x7F}, {(byte) 0x80}, {(byte) 0x81, (byte) 0xFF},
                        {(byte) 0x82, (byte) 0xFF, (byte) 0xFF}, {(byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF,
                        (byte) 0xFF}, {(byte) 0x84, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                        {(byte) 0x88, 1, 2, 3, 4, 5, 6, 7, 8}, {(byte) 0xFF}, {(byte) 0x85, 0, 0, 0, 0, 1},
                        {(byte) rnd.nextInt(128)}, {(byte) 0x81, (byte) rnd.nextInt(256)}};
                    byte[] form = forms[rnd.nextInt(forms.length)];
                    return splice(b, f[0], f[1], form);
                }
                case 3: { // duplicated slice
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                    return splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
                }
                case 4: { // deleted slice
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(16));
                    return splice(b, at, len, new byte[0]);
                }
                case 5: { // inserted random bytes
                    byte[] ins = new byte[1 + rnd.nextInt(16)];
                    rnd.nextBytes(ins);
                    return splice(b, at, 0, ins);
                }
                default: { // overwritten byte with a boundary value
                    byte[] c = b.clone();
                    byte[] values = {0, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, 0x30, 0x02, 0x04};
                    c[at] = values[rnd.nextInt(values.length)];
                    return c;
                }
            }
        }

        private Tlv randomTree(int depth) {
            if (depth > 4 || rnd.nextInt(3) == 0) {
                int[] tags = {0x02, 0x04, 0x05, 0x06, 0x40, 0x41, 0x43, 0x46, 0x80};
                byte[] v = new byte[rnd.nextInt(12)];
                rnd.nextBytes(v);
                return new Tlv(tags[rnd.nextInt(tags.length)], v, null);
            }
            int[] tags = {0x30, 0xA0, 0xA1, 0xA2, 0xA3, 0xA5, 0xA7, 0xA8};
            List<Tlv> children = new ArrayList<>();
            int n = rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                children.add(randomTree(depth + 1));
            }
            return new Tlv(tags[rnd.nextInt(tags.length)], null, children);
        }

        private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
            byte[] out = new byte[b.length - remove + insert.length];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
            return out;
        }
    }

    /**
     * A BER element tree, enough to mutate SNMP messages structurally: single-octet tags, definite lengths;
     * constructed elements and OCTET STRINGs that hold a whole BER SEQUENCE (v3 msgSecurityParameters) have
     * children.
     */
    static final class Tlv {
        int tag;
        byte[] value;
        List<Tlv> children;

        Tlv(int tag, byte[] value, List<Tlv> children) {
            this.tag = tag;
            this.value = value;
            this.children = children;
        }

        static Tlv parse(byte[] b) {
            int[] pos = {0};
            Tlv t = parse(b, pos, b.length, 0);
            if (pos[0] != b.length) {
                throw new IllegalArgumentException("trailing bytes");
            }
            return t;
        }

        private static Tlv parse(byte[] b, int[] pos, int end, int depth) {
            if (depth > 20 || pos[0] + 2 > end) {
                throw new IllegalArgumentException("short");
            }
            int tag = b[pos[0]++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                throw new IllegalArgumentException("multi-octet tag");
            }
            int len = b[pos[0]++] & 0xFF;
            if (len > 0x7F) {
                int n = len & 0x7F;
                if (n == 0 || n > 3 || pos[0] + n > end) {
                    throw new IllegalArgumentException("length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (b[pos[0]++] & 0xFF);
                }
            }
            int valueEnd = pos[0] + len;
            if (valueEnd > end) {
                throw new IllegalArgumentException("overrun");
            }
            if ((tag & 0x20) != 0) {
                List<Tlv> children = new ArrayList<>();
                while (pos[0] < valueEnd) {
                    children.add(parse(b, pos, valueEnd, depth + 1));
                }
                return new Tlv(tag, null, children);
            }
            byte[] value = Arrays.copyOfRange(b, pos[0], valueEnd);
            pos[0] = valueEnd;
            if (tag == 0x04 && value.length > 2 && value[0] == 0x30) {
                try {
                    Tlv inner = parse(value);
                    return new Tlv(tag, null, new ArrayList<>(List.of(inner)));
                } catch (IllegalArgumentException plainOctets) {
                    // an ordinary OCTET STRING
                }
            }
            return new Tlv(tag, value, null);
        }

        /** The positions {offset, size} of every length field in b, as far as it parses. */
        static void lengthFields(byte[] b, int from, int end, List<int[]> out, int depth) {
            int pos = from;
            while (pos + 2 <= end && depth < 20) {
                int tag = b[pos] & 0xFF;
                int lenAt = pos + 1;
                int len = b[lenAt] & 0xFF;
                int size = 1;
                if (len > 0x7F) {
                    int n = len & 0x7F;
                    if (n == 0 || n > 3 || lenAt + 1 + n > end) {
                        return;
                    }
                    len = 0;
                    for (int i = 0; i < n; i++) {
                        len = (len << 8) | (b[lenAt + 1 + i] & 0xFF);
                    }
                    size += n;
                }
                int valueAt = lenAt + size;
                if (valueAt + len > end) {
                    return;
                }
                out.add(new int[] {lenAt, size});
                if ((tag & 0x20) != 0 || (tag == 0x04 && len > 2 && b[valueAt] == 0x30)) {
                    lengthFields(b, valueAt, valueAt + len, out, depth + 1);
                }
                pos = valueAt + len;
            }
        }

        void collect(List<Tlv> out) {
            out.add(this);
            if (children != null) {
                children.forEach(c -> c.collect(out));
            }
        }

        Tlv copy() {
            return new Tlv(tag, value == null ? null : value.clone(),
                children == null ? null : new ArrayList<>(children.stream().map(Tlv::copy).toList()));
        }

        void setInteger(long v) {
            children = null;
            value = java.math.BigInteger.valueOf(v).toByteArray();
        }

        /** Encodes with minimal definite lengths, or (minimal = false) with needlessly long length forms. */
        static byte[] encode(Tlv t, boolean minimal) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.write(out, minimal);
            return out.toByteArray();
        }

        private void write(ByteArrayOutputStream out, boolean minimal) {
            byte[] content;
            if (children != null) {
                ByteArrayOutputStream inner = new ByteArrayOutputStream();
                children.forEach(c -> c.write(inner, minimal));
                content = inner.toByteArray();
            } else {
                content = value;
            }
            out.write(tag);
            int len = content.length;
            if (minimal && len < 0x80) {
                out.write(len);
            } else if (minimal && len < 0x100) {
                out.write(0x81);
                out.write(len);
            } else if (minimal && len < 0x10000) {
                out.write(0x82);
                out.write(len >> 8);
                out.write(len);
            } else {
                out.write(0x84);
                out.write(len >>> 24);
                out.write(len >> 16);
                out.write(len >> 8);
                out.write(len);
            }
            out.write(content, 0, content.length);
        }
    }
}
