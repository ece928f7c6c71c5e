import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
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
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * SNMP GET load generator for bench/agent-vs-snmpd.sh (not a test): the same GET of the four system-group
 * objects both agents serve (sysDescr, sysObjectID, sysUpTime, sysName), over v2c and v3 authPriv
 * (SHA-256/AES-128), with 1 and 16 requests in flight, for a fixed time after a warm-up, against every server
 * given, one after the other. Prints requests/s, the server's CPU time per request (from /proc/PID/stat), its
 * peak RSS (VmHWM) and the ratios of the first server to the second.
 *
 * <p>java -cp 'lcms-agent/lib/*' Bench.java --seconds 10 --warmup 2 --community C --user U --auth A --priv P
 * NAME=127.0.0.1/PORT:PID NAME=127.0.0.1/PORT:PID
 */
public class Bench {
    static final OID[] OIDS = {SnmpConstants.sysDescr, SnmpConstants.sysObjectID, SnmpConstants.sysUpTime,
        SnmpConstants.sysName};
    static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    record Server(String name, String address, long pid) {
    }

    record Result(double requestsPerSecond, double cpuMicrosPerRequest, long timeouts, long errors) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 10;
        int warmup = 2;
        int prewarm = 5;
        String community = null;
        String user = null;
        String auth = null;
        String priv = null;
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--prewarm" -> prewarm = Integer.parseInt(args[++i]);
                case "--community" -> community = args[++i];
                case "--user" -> user = args[++i];
                case "--auth" -> auth = args[++i];
                case "--priv" -> priv = args[++i];
                default -> {
                    String[] nameRest = args[i].split("=", 2);
                    String[] addrPid = nameRest[1].split(":");
                    servers.add(new Server(nameRest[0], addrPid[0], Long.parseLong(addrPid[1])));
                }
            }
        }
        if (servers.size() != 2 || community == null || user == null || auth == null || priv == null) {
            System.err.println("usage: Bench --seconds N --warmup N --community C --user U --auth A --priv P "
                + "NAME=ADDR/PORT:PID NAME=ADDR/PORT:PID");
            System.exit(2);
        }
        SecurityProtocols.getInstance().addAuthenticationProtocol(new AuthHMAC192SHA256());
        SecurityProtocols.getInstance().addPrivacyProtocol(new PrivAES128());
        UsmUser usmUser = new UsmUser(new OctetString(user), AuthHMAC192SHA256.ID, new OctetString(auth),
            PrivAES128.ID, new OctetString(priv));

        for (Server s : servers) {
            for (String version : List.of("v2c", "v3")) {
                check(s, version, community, usmUser);
            }
        }
        // JIT warm-up of both servers (the JVM's compilers would otherwise eat the first cells' CPU), not measured
        for (Server s : servers) {
            for (String version : List.of("v2c", "v3")) {
                run(s, version, 16, prewarm, 0, community, usmUser);
            }
        }
        System.out.printf("%nGET of %d varbinds (sysDescr, sysObjectID, sysUpTime, sysName), %d s measured after "
            + "%d s warm-up per cell (after %d s of unmeasured v2c and v3 load on each server)%n", OIDS.length,
            seconds, warmup, 2 * prewarm);

        Map<String, Result[]> table = new LinkedHashMap<>();
        for (String version : List.of("v2c", "v3")) {
            for (int inFlight : new int[] {1, 16}) {
                String row = (version.equals("v3") ? "v3 authPriv" : "v2c") + ", " + inFlight + " in flight";
                Result[] cells = new Result[servers.size()];
                for (int i = 0; i < servers.size(); i++) {
                    cells[i] = run(servers.get(i), version, inFlight, seconds, warmup, community, usmUser);
                    System.out.printf("  %-26s %-11s %9.0f req/s  %6.1f us CPU/req  (%d timeouts, %d errors)%n",
                        row, servers.get(i).name(), cells[i].requestsPerSecond(), cells[i].cpuMicrosPerRequest(),
                        cells[i].timeouts(), cells[i].errors());
                }
                table.put(row, cells);
            }
        }

        Server a = servers.get(0);
        Server b = servers.get(1);
        System.out.println();
        System.out.printf("%-26s | %14s | %14s | %7s | %s%n", "requests/s", a.name(), b.name(),
            "ratio", "goal >= 1.0x");
        System.out.println("-".repeat(26) + "-+-" + "-".repeat(14) + "-+-" + "-".repeat(14) + "-+-"
            + "-".repeat(7) + "-+-" + "-".repeat(12));
        boolean speedGoal = true;
        for (Map.Entry<String, Result[]> e : table.entrySet()) {
            Result x = e.getValue()[0];
            Result y = e.getValue()[1];
            double ratio = x.requestsPerSecond() / y.requestsPerSecond();
            speedGoal &= ratio >= 1.0;
            System.out.printf("%-26s | %14.0f | %14.0f | %6.2fx | %s%n", e.getKey(), x.requestsPerSecond(),
                y.requestsPerSecond(), ratio, ratio >= 1.0 ? "met" : "MISSED");
        }
        System.out.printf("%-26s | %14s | %14s | %7s |%n", "server CPU us/request", "", "", "");
        for (Map.Entry<String, Result[]> e : table.entrySet()) {
            Result x = e.getValue()[0];
            Result y = e.getValue()[1];
            System.out.printf("  %-24s | %14.1f | %14.1f | %6.2fx |%n", e.getKey(), x.cpuMicrosPerRequest(),
                y.cpuMicrosPerRequest(), x.cpuMicrosPerRequest() / y.cpuMicrosPerRequest());
        }
        long hwmA = statusKb(a.pid(), "VmHWM");
        long hwmB = statusKb(b.pid(), "VmHWM");
        long rssA = statusKb(a.pid(), "VmRSS");
        long rssB = statusKb(b.pid(), "VmRSS");
        System.out.printf("%-26s | %11.1f MB | %11.1f MB | %6.2fx | %s%n", "peak RSS (VmHWM)", hwmA / 1024.0,
            hwmB / 1024.0, (double) hwmA / hwmB, hwmA <= 64 * 1024 ? "agent <= 64 MB: met"
                : "agent <= 64 MB: MISSED");
        System.out.printf("%-26s | %11.1f MB | %11.1f MB | %6.2fx |%n", "RSS at the end (VmRSS)", rssA / 1024.0,
            rssB / 1024.0, (double) rssA / rssB);
        System.out.println();
        System.out.printf("goal: >= 1.0x %s's requests/s in every row: %s; %s peak RSS <= 64 MB: %s%n", b.name(),
            speedGoal ? "MET" : "MISSED", a.name(), hwmA <= 64 * 1024 ? "MET" : "MISSED");
    }

    /** One GET, printed: both servers must answer the same 4 objects without an error before they are timed. */
    static void check(Server s, String version, String community, UsmUser user) throws IOException {
        Snmp snmp = client(user);
        try {
            ResponseEvent<Address> r = snmp.send(request(version), target(s, version, community, user));
            PDU response = r.getResponse();
            if (response == null || response.getErrorStatus() != 0 || response.size() != OIDS.length
                || response.getVariableBindings().stream().anyMatch(vb -> vb.getVariable().isException())) {
                throw new IllegalStateException(s.name() + " " + version + ": no proper answer: " + response);
            }
            System.out.println(s.name() + " " + version + ": " + response.getVariableBindings());
        } finally {
            snmp.close();
        }
    }

    static Result run(Server s, String version, int inFlight, int seconds, int warmup, String community,
                      UsmUser user) throws Exception {
        Snmp snmp = client(user);
        try {
            Target<Address> target = target(s, version, community, user);
            // the v3 engine ID discovery and time synchronisation happen here, outside the measurement
            snmp.send(request(version), target);
            AtomicLong ok = new AtomicLong();
            AtomicLong timeouts = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong outstanding = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            ResponseListener listener = new ResponseListener() {
                @Override
                public <A extends Address> void onResponse(ResponseEvent<A> event) {
                    ((Snmp) event.getSource()).cancel(event.getRequest(), this);
                    PDU response = event.getResponse();
                    if (response == null) {
                        timeouts.incrementAndGet();
                    } else if (response.getErrorStatus() != 0 || response.size() != OIDS.length) {
                        errors.incrementAndGet();
                    } else {
                        ok.incrementAndGet();
                    }
                    if (stop.get()) {
                        outstanding.decrementAndGet();
                        return;
                    }
                    try {
                        snmp.send(request(version), target, null, this);
                    } catch (IOException e) {
                        outstanding.decrementAndGet();
                    }
                }
            };
            for (int i = 0; i < inFlight; i++) {
                outstanding.incrementAndGet();
                snmp.send(request(version), target, null, listener);
            }
            Thread.sleep(warmup * 1000L);
            long ok0 = ok.get();
            long to0 = timeouts.get();
            long err0 = errors.get();
            long cpu0 = cpuTicks(s.pid());
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long ok1 = ok.get();
            long cpu1 = cpuTicks(s.pid());
            long t1 = System.nanoTime();
            long to1 = timeouts.get();
            long err1 = errors.get();
            stop.set(true);
            for (long end = System.nanoTime() + 3_000_000_000L; outstanding.get() > 0 && System.nanoTime() < end; ) {
                Thread.sleep(10);
            }
            long done = ok1 - ok0;
            double rate = done / ((t1 - t0) / 1e9);
            double cpuMicros = done == 0 ? Double.NaN : (cpu1 - cpu0) * (1_000_000.0 / CLOCK_TICKS) / done;
            return new Result(rate, cpuMicros, to1 - to0, err1 - err0);
        } finally {
            snmp.close();
        }
    }

    static PDU request(String version) {
        PDU pdu = version.equals("v3") ? new ScopedPDU() : new PDU();
        pdu.setType(PDU.GET);
        for (OID oid : OIDS) {
            pdu.add(new VariableBinding(oid));
        }
        return pdu;
    }

    static Target<Address> target(Server s, String version, String community, UsmUser user) {
        Target<Address> t;
        if (version.equals("v3")) {
            UserTarget<Address> u = new UserTarget<>(new UdpAddress(s.address()), user.getSecurityName(),
                new byte[0], SecurityLevel.AUTH_PRIV);
            u.setVersion(SnmpConstants.version3);
            t = u;
        } else {
            CommunityTarget<Address> c = new CommunityTarget<>(new UdpAddress(s.address()),
                new OctetString(community));
            c.setVersion(SnmpConstants.version2c);
            t = c;
        }
        t.setTimeout(1000);
        t.setRetries(0);
        return t;
    }

    /** A client of its own (own USM, own socket), so the cells do not share engine or time caches. */
    static Snmp client(UsmUser user) throws IOException {
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        USM usm = new USM(SecurityProtocols.getInstance(), new OctetString(MPv3.createLocalEngineID()), 0);
        usm.addUser(user);
        dispatcher.addMessageProcessingModel(new MPv3(usm));
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(new UdpAddress("127.0.0.1/0"));
        transport.setReceiveBufferSize(1 << 20);
        Snmp snmp = new Snmp(dispatcher, transport);
        snmp.listen();
        return snmp;
    }

    /** utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long statusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException(key + " not in /proc/" + pid + "/status");
    }
}
