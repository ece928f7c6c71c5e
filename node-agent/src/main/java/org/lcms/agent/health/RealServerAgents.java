package org.lcms.agent.health;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.snmp.AccessPolicy;
import org.lcms.mib.LcmsMib;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.MessageDispatcherImpl;

/**
 * The load balancer's reads of its real servers' own node agents (LCMS-MIB over SNMPv3 with the user of
 * {@code healthCheck.agent.user}): what each says about its services and its load. One UDP socket for all; safe
 * for concurrent callers (each read is one synchronous GETBULK: lcmsHostLoadAverage1 and the first
 * {@link #MAX_SERVICES} rows of lcmsServiceTable's port, protocol, status and current connections), no retry: the
 * health check's rise/fall is the retry.
 */
public final class RealServerAgents implements AutoCloseable {
    /** Rows of lcmsServiceTable read per agent: a real server registers a handful of services. */
    static final int MAX_SERVICES = 32;

    private static final OID[] COLUMNS = {LcmsMib.LCMS_SERVICE_PORT, LcmsMib.LCMS_SERVICE_PROTOCOL,
        LcmsMib.LCMS_SERVICE_STATUS, LcmsMib.LCMS_SERVICE_CURRENT_CONNECTIONS};
    private static final OID LOAD1 = new OID(LcmsMib.LCMS_HOST_LOAD_AVERAGE1).append(0);

    /** One registered service as its agent reports it (lcmsServiceStatus: up(1), down(2), unknown(3)). */
    public record Service(int port, int protocol, int status, long connections) {
    }

    /** What one agent said: its 1-minute load average in hundredths and its services. */
    public record Report(int loadHundredths, List<Service> services) {
        /** The TCP service on {@code port} (lcmsServiceProtocol tcp(1)), or else any on that port. */
        public Optional<Service> service(int port) {
            return services.stream().filter(s -> s.port() == port)
                .min((a, b) -> Boolean.compare(a.protocol() != 1, b.protocol() != 1));
        }
    }

    private final AgentConfig.AgentQuery query;
    private final Snmp snmp;
    private final MPv3 mpv3;

    public RealServerAgents(AgentConfig.AgentQuery query) throws IOException {
        this.query = query;
        USM usm = new USM(AccessPolicy.securityProtocols(), new OctetString(MPv3.createLocalEngineID()), 0);
        // Localized for each real server's engine as it is discovered; never for engines named by incoming messages.
        usm.addUser(AccessPolicy.usmUser(query.user(), UsmUser.LocalizationGrant.outgoing));
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        mpv3 = new MPv3(usm);
        dispatcher.addMessageProcessingModel(mpv3);
        snmp = new Snmp(dispatcher, new DefaultUdpTransportMapping());
        snmp.listen();
    }

    /** The agent port this reads ({@code healthCheck.agent.port}). */
    public int port() {
        return query.port();
    }

    /**
     * Reads the agent of the real server at {@code host}.
     *
     * @throws IOException the agent did not answer within the timeout or answered with an error; the message
     *     says which agent and what happened
     */
    public Report read(InetAddress host, long timeoutMillis) throws IOException {
        UdpAddress address = new UdpAddress(host, query.port());
        String agent = "the agent at " + host.getHostAddress() + "/" + query.port();
        UserTarget<UdpAddress> target = new UserTarget<>(address, new OctetString(query.user().name()), new byte[0],
            query.user().level() == AgentConfig.SecurityLevel.AUTH_PRIV ? SecurityLevel.AUTH_PRIV
                : SecurityLevel.AUTH_NOPRIV);
        target.setVersion(SnmpConstants.version3);
        target.setTimeout(Math.max(1, timeoutMillis));
        target.setRetries(0);
        ScopedPDU pdu = new ScopedPDU();
        pdu.setType(PDU.GETBULK);
        pdu.setNonRepeaters(1);
        pdu.setMaxRepetitions(MAX_SERVICES);
        pdu.add(new VariableBinding(LOAD1));
        for (OID c : COLUMNS) {
            pdu.add(new VariableBinding(c));
        }
        ResponseEvent<UdpAddress> answer;
        try {
            answer = snmp.send(pdu, target);
        } catch (IOException e) {
            throw new IOException(agent + ": " + e.getMessage(), e);
        }
        PDU response = answer == null ? null : answer.getResponse();
        if (response == null) {
            // Its engine may have changed (reinstalled agent): discover it again next time.
            mpv3.removeEngineID(address);
            throw new IOException(agent + " did not answer within " + timeoutMillis + " ms (SNMPv3 user "
                + query.user().name() + ")" + (answer != null && answer.getError() != null
                    ? ": " + answer.getError().getMessage() : ""));
        }
        if (response.getType() == PDU.REPORT) {
            mpv3.removeEngineID(address);
            throw new IOException(agent + " refused the SNMPv3 user " + query.user().name() + " (report "
                + (response.size() > 0 ? response.get(0).getOid() : "") + "); check healthCheck.agent.user and the "
                + "real server's user." + query.user().name() + ".*");
        }
        if (response.getErrorStatus() != PDU.noError) {
            throw new IOException(agent + " answered " + response.getErrorStatusText());
        }
        int load = -1;
        List<long[]> rows = new ArrayList<>();
        for (VariableBinding vb : response.getVariableBindings()) {
            if (vb.getOid().startsWith(LOAD1) && !vb.isException()) {
                load = vb.getVariable().toInt();
                continue;
            }
            for (int c = 0; c < COLUMNS.length; c++) {
                if (vb.getOid().size() == COLUMNS[c].size() + 1 && vb.getOid().startsWith(COLUMNS[c])
                    && !vb.isException()) {
                    int row = vb.getOid().last() - 1;
                    while (rows.size() <= row && row < MAX_SERVICES) {
                        rows.add(new long[] {-1, -1, -1, -1});
                    }
                    if (row >= 0 && row < MAX_SERVICES) {
                        rows.get(row)[c] = vb.getVariable().toLong();
                    }
                }
            }
        }
        List<Service> services = new ArrayList<>();
        for (long[] r : rows) {
            if (r[0] >= 0) {
                services.add(new Service((int) r[0], (int) r[1], (int) r[2], Math.max(0, r[3])));
            }
        }
        return new Report(load, List.copyOf(services));
    }

    @Override
    public void close() {
        try {
            snmp.close();
        } catch (IOException e) {
            // closing a UDP socket: nothing to do about it
        }
    }
}
