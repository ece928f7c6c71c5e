package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import static org.lcms.agent.snmp.RefreshedTable.gauge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.host.TcpConnectionCounter;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOServer;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.Variable;

/**
 * lcmsServiceTable: the configured services, index 1..n in the order of the configuration. The status comes
 * from a local TCP connect to 127.0.0.1:PORT, done in the background every {@code probeIntervalMillis} with a
 * {@link #CONNECT_TIMEOUT_MILLIS} timeout; a GET only reads the last result, so it never waits for a probe.
 * UDP services cannot be probed by a connect: their status stays unknown(3). Current connections are counted
 * from /proc/net/tcp{,6} when the table is read (at most once per second).
 */
final class ServiceTable {
    static final int CONNECT_TIMEOUT_MILLIS = 200;

    private final List<AgentConfig.Service> services;
    private final int[] status;
    private final long[] lastChange;
    private final LongSupplier sysUpTime;
    private final RefreshedTable table;
    private final Consumer<StateChange> onChange;

    /** lcmsServiceStatus of row {@code index} went from {@code previous} to {@code status}. */
    record StateChange(int index, AgentConfig.Service service, int previous, int status, String reason) {
    }

    /**
     * @param onChange told of every change of a service's status (including the first probe's, from unknown(3),
     *     so a service that is down when the agent starts is reported); called on the probe thread
     */
    ServiceTable(List<AgentConfig.Service> services, TcpConnectionCounter counter, LongSupplier sysUpTime,
                 Consumer<StateChange> onChange) {
        this.onChange = onChange;
        this.services = List.copyOf(services);
        this.status = new int[services.size()];
        this.lastChange = new long[services.size()];
        java.util.Arrays.fill(status, LcmsMib.SERVICE_UNKNOWN);
        this.sysUpTime = sysUpTime;
        table = new RefreshedTable(LcmsMib.LCMS_SERVICE_ENTRY, new int[] {SMIConstants.SYNTAX_OCTET_STRING,
            SMIConstants.SYNTAX_GAUGE32, SMIConstants.SYNTAX_INTEGER32, SMIConstants.SYNTAX_INTEGER32,
            SMIConstants.SYNTAX_GAUGE32, SMIConstants.SYNTAX_TIMETICKS}, () -> rows(counter), 1000);
    }

    /** Starts the background probes on {@code scheduler}. */
    void startProbes(ScheduledExecutorService scheduler, long probeIntervalMillis) {
        scheduler.scheduleWithFixedDelay(this::probeAll, 0, probeIntervalMillis, TimeUnit.MILLISECONDS);
    }

    void probeAll() {
        for (int i = 0; i < services.size(); i++) {
            AgentConfig.Service s = services.get(i);
            int now = s.protocol().equals("tcp") ? probe(s.port()) : LcmsMib.SERVICE_UNKNOWN;
            int previous;
            synchronized (this) {
                previous = status[i];
                if (previous != now) {
                    status[i] = now;
                    lastChange[i] = sysUpTime.getAsLong();
                }
            }
            if (previous != now) {
                onChange.accept(new StateChange(i + 1, s, previous, now, "local check: " + (now == LcmsMib.SERVICE_UP
                    ? "connected to " : "no connection within " + CONNECT_TIMEOUT_MILLIS + " ms to ")
                    + "127.0.0.1:" + s.port()));
            }
        }
    }

    static int probe(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            return LcmsMib.SERVICE_UP;
        } catch (IOException e) {
            return LcmsMib.SERVICE_DOWN;
        }
    }

    private synchronized Map<Long, Variable[]> rows(TcpConnectionCounter counter) {
        Map<Long, Variable[]> rows = new TreeMap<>();
        for (int i = 0; i < services.size(); i++) {
            AgentConfig.Service s = services.get(i);
            boolean tcp = s.protocol().equals("tcp");
            rows.put((long) i + 1, new Variable[] {new OctetString(s.name()), gauge(s.port()),
                new Integer32(tcp ? 6 : 17), new Integer32(status[i]),
                gauge(tcp ? counter.established(s.port()) : 0), new TimeTicks(lastChange[i])});
        }
        return rows;
    }

    void register(MOServer server, OctetString context) throws DuplicateRegistrationException {
        table.register(server, context);
    }

    void unregister(MOServer server, OctetString context) {
        table.unregister(server, context);
    }
}
