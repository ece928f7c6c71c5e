package org.lcms.snmp.internal.snmp;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.lcms.snmp.core.SnmpProfile;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.MessageException;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmTimeEntry;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * Receives the agents' notifications on its own UDP port. SNMPv3 traps authenticate only with the users of the
 * credential profiles localized for engines the manager has polled (an agent is authoritative for its traps, so
 * the receiver must know its engine ID — and learning it from polls means nobody can make the receiver localize
 * keys for made-up engines); informs authenticate against the receiver's own, stable engine ID. SNMPv2c
 * notifications are taken only with the configured community (snmp4j does not check it itself). Whatever does
 * not authenticate is dropped and counted.
 */
public final class NotificationReceiver implements CommandResponder, AutoCloseable {

    /** A notification that authenticated: where from, which, and its varbinds after sysUpTime and snmpTrapOID. */
    public record Received(UdpAddress source, OID notification, List<VariableBinding> varbinds, String via) {
    }

    private final Snmp snmp;
    private final USM usm;
    private final DefaultUdpTransportMapping transport;
    private final List<UsmUser> users;
    private final Optional<OctetString> community;
    private final Consumer<Received> sink;
    private final Set<OctetString> knownEngines = ConcurrentHashMap.newKeySet();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final RateLimitedLog rejectLog;

    public NotificationReceiver(String listen, byte[] engineId, Collection<SnmpProfile> profiles,
                                Optional<String> community, Consumer<Received> sink, RateLimitedLog rejectLog)
        throws IOException {
        this.community = community.map(OctetString::new);
        this.sink = sink;
        this.rejectLog = rejectLog;
        this.users = profiles.stream().filter(p -> p.version() == SnmpProfile.Version.V3).map(ManagerSnmp::user)
            .toList();
        CounterSupport counters = new CounterSupport();
        counters.addCounterListener(event -> {
            OID id = event.getOid();
            // (usmStatsUnknownEngineIDs is not counted: it is the normal first step of an inform sender's
            // engine discovery; a made-up engine has no user here and is counted as an unknown user)
            if (id.equals(SnmpConstants.usmStatsUnknownUserNames) || id.equals(SnmpConstants.usmStatsWrongDigests)
                || id.equals(SnmpConstants.usmStatsDecryptionErrors)
                || id.equals(SnmpConstants.usmStatsUnsupportedSecLevels)
                || id.equals(SnmpConstants.snmpInBadCommunityNames)) {
                reject("SNMPv3 message from " + event.getSource() + " refused (" + AgentPoller.usmReportName(id) + ")");
            }
        });
        SecurityProtocols protocols = ManagerSnmp.protocols();
        usm = new USM(protocols, new OctetString(engineId), 0, counters);
        // Discovery on: senders of informs discover our engine, and unknown engines get a time-table entry (bounded:
        // snmp4j evicts the oldest unauthenticated ones) but never a user, so they stay refused (unknown user).
        usm.setEngineDiscoveryEnabled(true);
        usm.getTimeTable().setMaxDiscoveredEntries(1000);
        for (UsmUser u : users) {
            usm.addUser(u.getSecurityName(), usm.getLocalEngineID(), u); // informs: we are authoritative
        }
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        dispatcher.addMessageProcessingModel(new MPv3(usm));
        transport = new DefaultUdpTransportMapping(new UdpAddress(listen), true);
        snmp = new Snmp(dispatcher, transport);
        snmp.addCommandResponder(this);
        snmp.listen();
    }

    /**
     * Accepts SNMPv3 traps from the engine {@code engineId} (an agent the manager reached by polling). Idempotent.
     */
    public void knowAgentEngine(OctetString engineId, UsmTimeEntry time) {
        if (engineId == null || engineId.length() == 0 || time == null || !knownEngines.add(engineId)) {
            return;
        }
        for (UsmUser u : users) {
            usm.addUser(u.getSecurityName(), engineId, u);
        }
        // the agent's boots and time as the polls learned them: its traps are then checked against its time window
        // (RFC 3414 3.2.7)
        usm.getTimeTable().addEntry(new UsmTimeEntry(engineId, time.getEngineBoots(), time.getLatestReceivedTime()));
    }

    public long rejected() {
        return rejected.get();
    }

    public long accepted() {
        return accepted.get();
    }

    public UdpAddress localAddress() {
        return transport.getListenAddress();
    }

    private void reject(String why) {
        rejected.incrementAndGet();
        rejectLog.log(why);
    }

    @Override
    public <A extends Address> void processPdu(CommandResponderEvent<A> event) {
        PDU pdu = event.getPDU();
        if (pdu == null || (pdu.getType() != PDU.TRAP && pdu.getType() != PDU.V1TRAP
            && pdu.getType() != PDU.INFORM)) {
            return;
        }
        event.setProcessed(true);
        if (event.getSecurityModel() != SecurityModel.SECURITY_MODEL_USM) {
            OctetString given = new OctetString(event.getSecurityName());
            if (community.isEmpty() || !community.get().equals(given)) {
                reject("SNMPv1/v2c notification from " + event.getPeerAddress() + " refused (bad community"
                    + (community.isEmpty() ? ": no trapCommunity is configured" : "") + ")");
                return;
            }
        }
        if (pdu.getType() == PDU.V1TRAP) {
            reject("SNMPv1 trap from " + event.getPeerAddress() + " ignored (LCMS agents send SNMPv2 notifications)");
            return;
        }
        List<? extends VariableBinding> vbs = pdu.getVariableBindings();
        if (vbs.size() < 2 || !vbs.get(1).getOid().equals(SnmpConstants.snmpTrapOID)
            || !(vbs.get(1).getVariable() instanceof OID trapOid)) {
            reject("notification from " + event.getPeerAddress() + " without snmpTrapOID.0 as its second varbind");
            return;
        }
        if (pdu.getType() == PDU.INFORM) {
            respond(event);
        }
        accepted.incrementAndGet();
        UdpAddress source = event.getPeerAddress() instanceof UdpAddress u ? u : null;
        sink.accept(new Received(source, trapOid, List.copyOf(vbs.subList(2, vbs.size())),
            event.getSecurityModel() == SecurityModel.SECURITY_MODEL_USM
                ? "SNMPv3 user " + new OctetString(event.getSecurityName()) : "SNMPv2c"));
    }

    private <A extends Address> void respond(CommandResponderEvent<A> event) {
        PDU response = (PDU) event.getPDU().clone();
        response.setType(PDU.RESPONSE);
        response.setErrorStatus(PDU.noError);
        response.setErrorIndex(0);
        try {
            event.getMessageDispatcher().returnResponsePdu(event.getMessageProcessingModel(),
                event.getSecurityModel(), event.getSecurityName(), event.getSecurityLevel(), response,
                event.getMaxSizeResponsePDU(), event.getStateReference(), new StatusInformation());
        } catch (MessageException e) {
            rejectLog.log("could not acknowledge an inform from " + event.getPeerAddress() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        snmp.close();
    }
}
