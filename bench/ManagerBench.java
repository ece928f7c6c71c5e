import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.snmp.core.ManagerSettings;
import org.lcms.snmp.core.PollPolicy;
import org.lcms.snmp.core.SnmpProfiles;
import org.lcms.snmp.internal.ManagerRuntime;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * The LCMS SNMP manager against the bare snmp4j floor, in one JVM, one after the other, against the same agents
 * (bench/AgentFarm.java): agent polls per second and CPU per poll. The floor is an asynchronous GETBULK loop with
 * the request a stable real server costs the manager (19 scalars + the service table, maxRepetitions 2) and the
 * same number in flight, at most one per agent as the manager does; it decodes nothing. Both use the same
 * transport tuning (4 MiB receive buffer, receive buffer reused). Heap after GC before and after the manager's
 * run shows whether its memory is steady. Floor and manager take turns BENCH_ROUNDS times (default 5); medians
 * are compared, and each round's ratio is printed too.
 *
 * Usage: java -cp ... bench/ManagerBench.java AGENTS PORT COMMUNITY MIB_ROOT SECONDS IN_FLIGHT
 */
public class ManagerBench {
    public static void main(String[] args) throws Exception {
        int agents = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        String community = args[2];
        String root = args[3];
        int seconds = Integer.parseInt(args[4]);
        int inFlight = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "5"));
        // The machine is shared and noisy (the floor alone varied 26k-46k polls/s between runs): floor and
        // manager take turns, ROUNDS times, and the medians are compared. Memory: the manager's first heap after
        // GC against its last.
        List<double[]> floors = new ArrayList<>();
        List<double[]> managers = new ArrayList<>();
        // One unrecorded turn of each first: on one pinned core the JIT compiler shares the CPU with the measured
        // thread, and the manager has more code to compile than the bare loop (its first rounds at 10,000 agents
        // came out at 0.65x, the last at 1.08x, in the same run).
        for (int w = 0; w < Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_TURNS", "1")); w++) {
            if (System.getenv("NOFLOOR") == null) {
                floor(agents, port, community, root, seconds, inFlight);
            }
            manager(agents, port, community, seconds, inFlight);
        }
        for (int r = 0; r < rounds; r++) {
            // Who goes first alternates, so that a drift of the machine during a round (the other core's load,
            // the farm's JIT) does not favour one side.
            if (r % 2 == 1) {
                managers.add(manager(agents, port, community, seconds, inFlight));
            }
            // NOFLOOR=1: the manager alone (for profiling it, e.g. with -XX:StartFlightRecording)
            floors.add(System.getenv("NOFLOOR") != null ? new double[] {1, 1, 0, 0, 0, 0, 0, 0}
                : floor(agents, port, community, root, seconds, inFlight));
            if (r % 2 == 0) {
                managers.add(manager(agents, port, community, seconds, inFlight));
            }
        }
        List<double[]> roundRatios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            roundRatios.add(new double[] {managers.get(r)[0] / floors.get(r)[0]});
        }
        double floorPolls = median(floors, 0);
        double managerPolls = median(managers, 0);
        double failed = managers.stream().mapToDouble(m -> m[4]).sum();
        double writes = managers.stream().mapToDouble(m -> m[5]).sum();
        System.out.printf("RESULT agents=%d floor_polls_s=%.0f floor_cpu_us=%.1f manager_polls_s=%.0f "
                + "manager_cpu_us=%.1f ratio=%.2f heap_before_mb=%.1f heap_after_mb=%.1f failed=%.0f writes=%.0f "
                + "ratios=%s median_round_ratio=%.2f cpu_ratio=%.2f floor_bytes=%.0f manager_bytes=%.0f "
                + "floor_switches=%.3f manager_switches=%.3f%n", agents, floorPolls, median(floors, 1), managerPolls, median(managers, 1),
            managerPolls / floorPolls, managers.get(0)[2], managers.get(rounds - 1)[3], failed, writes,
            java.util.stream.IntStream.range(0, rounds).mapToObj(i -> String.format("%.2f",
                managers.get(i)[0] / floors.get(i)[0])).collect(java.util.stream.Collectors.joining(",")),
            median(roundRatios, 0), median(floors, 1) / median(managers, 1), median(floors, 6), median(managers, 6),
            median(floors, 7), median(managers, 7));
    }

    static double median(List<double[]> runs, int field) {
        double[] v = runs.stream().mapToDouble(r -> r[field]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String address(int i) {
        int n = i + 256 + 1;
        return "127." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    /** The measured window, the same for floor and manager: readings at its start, figures per poll at its end. */
    static final class Window {
        /** Polls per second; per poll: CPU (µs), bytes allocated, context switches. */
        record Result(double pollsPerSecond, double cpuMicros, double bytes, double switches) {
        }

        private final long polls;
        private final long bytes;
        private final long switches;
        private final long cpu;
        private final long started;

        Window(long pollsSoFar) {
            polls = pollsSoFar;
            bytes = allocatedBytes();
            switches = contextSwitches();
            cpu = cpuNanos();
            started = System.nanoTime();
        }

        Result end(long pollsSoFar) {
            long n = pollsSoFar - polls;
            double secs = (System.nanoTime() - started) / 1e9;
            double perPoll = Math.max(1, n);
            double cpuMicros = (cpuNanos() - cpu) / 1e3 / perPoll;
            double switchesPerPoll = (contextSwitches() - switches) / perPoll;
            return new Result(n / secs, cpuMicros, (allocatedBytes() - bytes) / perPoll, switchesPerPoll);
        }
    }

    /** Bytes allocated by all live threads so far (HotSpot's per-thread counters). */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** Context switches of this process's threads so far (voluntary + involuntary, from /proc). */
    static long contextSwitches() {
        long sum = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    for (String line : java.nio.file.Files.readAllLines(t.resolve("status"))) {
                        if (line.contains("ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (java.io.IOException gone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return sum;
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    static double[] floor(int agents, int port, String community, String root, int seconds, int inFlight)
        throws Exception {
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(new UdpAddress("127.0.0.1/0"), false);
        transport.setReceiveBufferSize(4 << 20);
        // as the manager's session does: the floor gets the same transport tuning (reuse of the receive buffer)
        transport.setAsyncMsgProcessingSupported(false);
        Snmp snmp = new Snmp(transport);
        snmp.listen();
        List<CommunityTarget<UdpAddress>> targets = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            CommunityTarget<UdpAddress> t = new CommunityTarget<>(new UdpAddress(InetAddress.getByName(address(i)),
                port), new OctetString(community));
            t.setVersion(SnmpConstants.version2c);
            t.setTimeout(1000);
            t.setRetries(0);
            targets.add(t);
        }
        List<OID> scalars = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            scalars.add(new OID(root + ".1.1." + i));
        }
        for (int i = 1; i <= 9; i++) {
            scalars.add(new OID(root + ".1.2." + i));
        }
        List<OID> columns = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            columns.add(new OID(root + ".1.4.1.1." + i));
        }
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        // Like the manager, never more than one request outstanding per agent: with fewer agents than IN_FLIGHT
        // each agent is asked again as soon as it answered; with more, the agents take turns.
        boolean perAgent = agents <= inFlight;
        ResponseListener listener = new ResponseListener() {
            @Override
            public <A extends org.snmp4j.smi.Address> void onResponse(ResponseEvent<A> e) {
                snmp.cancel(e.getRequest(), this);
                if (e.getResponse() != null) {
                    done.incrementAndGet();
                }
                int target = perAgent ? (Integer) e.getUserObject() : (int) (next.getAndIncrement() % targets.size());
                send(snmp, targets, scalars, columns, target, this);
            }
        };
        for (int i = 0; i < Math.min(inFlight, agents); i++) {
            send(snmp, targets, scalars, columns, (int) (next.getAndIncrement() % targets.size()), listener);
        }
        Thread.sleep(2000);
        Window window = new Window(done.get());
        Thread.sleep(seconds * 1000L);
        Window.Result r = window.end(done.get());
        snmp.close();
        Thread.sleep(1500);
        return new double[] {r.pollsPerSecond(), r.cpuMicros(), 0, 0, 0, 0, r.bytes(), r.switches()};
    }

    static void send(Snmp snmp, List<CommunityTarget<UdpAddress>> targets, List<OID> scalars, List<OID> columns,
                     int target, ResponseListener listener) {
        PDU pdu = new PDU();
        pdu.setType(PDU.GETBULK);
        scalars.forEach(o -> pdu.add(new VariableBinding(o)));
        columns.forEach(o -> pdu.add(new VariableBinding(o)));
        pdu.setNonRepeaters(scalars.size());
        pdu.setMaxRepetitions(2);
        try {
            snmp.send(pdu, targets.get(target), target, listener);
        } catch (Exception e) {
            // closed at the end of the run
        }
    }

    static double[] manager(int agents, int port, String community, int seconds, int inFlight) throws Exception {
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            // the role state the farm's agents report (none, standby), as the directory would hold it after the
            // manager recorded it once: the steady state of a fleet whose model is up to date
            hosts.add(Host.of("h" + i, IpAddress.parse(address(i))).withSnmpProfile("bench")
                .withRoleState(org.lcms.model.api.RoleState.STANDBY));
        }
        Inventory inventory = new Inventory(1, hosts, List.of(), List.of());
        ManagerSettings settings = new ManagerSettings(new PollPolicy(Duration.ofMillis(1), Duration.ofMillis(1000),
            0, 3, Duration.ofSeconds(1)), "127.0.0.1/0", 4 << 20, inFlight, Duration.ofHours(1), 1000,
            SnmpProfiles.parse(Map.of("profile.bench.version", "2c", "profile.bench.community", community,
                "profile.bench.port", Integer.toString(port)), "bench"));
        Runtime rt = Runtime.getRuntime();
        // As deployed, with a directory to record role states and events in (the bench's model is already up to
        // date, so a steady fleet writes nothing; what is written is counted and printed).
        AtomicLong writes = new AtomicLong();
        try (ManagerRuntime m = new ManagerRuntime(settings, () -> inventory, change -> writes.incrementAndGet(),
            Clock.systemUTC())) {
            Thread.sleep(3000);
            System.gc();
            double heapBefore = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
            long p0 = m.pollsAnswered();
            long f0 = m.pollsFailed();
            Window window = new Window(m.pollsAnswered());
            Thread.sleep(seconds * 1000L);
            Window.Result r = window.end(m.pollsAnswered());
            long failed = m.pollsFailed() - f0;
            System.gc();
            double heapAfter = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
            return new double[] {r.pollsPerSecond(), r.cpuMicros(), heapBefore, heapAfter, failed, writes.get(),
                r.bytes(), r.switches()};
        }
    }
}
