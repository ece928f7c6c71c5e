import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * Many SNMP agents in one JVM, for bench/manager-vs-snmp4j.sh: N snmp4j UDP endpoints (127.0.X.Y:PORT, one
 * transport thread each) answering SNMPv2c GET/GETNEXT/GETBULK (RFC 3416) over one static view of an LCMS-MIB
 * real server (host and role scalars, one service row), through snmp4j's own message processing. Not the node
 * agent (one JVM per host would not fit 10,000 on this machine): the point is the manager's cost per poll.
 *
 * Usage: java -cp <snmp4j> bench/AgentFarm.java COUNT PORT COMMUNITY MIB_ROOT   (prints "ready" when listening)
 */
public class AgentFarm implements CommandResponder {
    private final TreeMap<OID, Variable> mib = new TreeMap<>();
    private final OctetString community;

    AgentFarm(String root, String community) {
        this.community = new OctetString(community);
        OID host = new OID(root + ".1.1");
        OID role = new OID(root + ".1.2");
        OID service = new OID(root + ".1.4.1.1");
        put(host, 1, new OctetString("bench-host"));
        put(host, 2, new OctetString("bench cpu"));
        put(host, 3, new UnsignedInteger32(2));
        put(host, 4, new UnsignedInteger32(24105));
        put(host, 5, new UnsignedInteger32(20000));
        put(host, 6, new UnsignedInteger32(12));
        put(host, 7, new UnsignedInteger32(10));
        put(host, 8, new UnsignedInteger32(9));
        put(host, 9, new OctetString("bench"));
        mib.put(new OID(host).append(10).append(0), new org.snmp4j.smi.TimeTicks(1000));
        put(role, 1, new Integer32(1)); // none: the bench model has no clusters, so the agents are in sync
        put(role, 2, new Integer32(3));
        put(role, 3, new OctetString("web"));
        put(role, 4, new Integer32(1));
        put(role, 5, new OctetString(new byte[] {(byte) 192, 0, 2, 10}));
        put(role, 6, new UnsignedInteger32(0));
        put(role, 7, new UnsignedInteger32(0));
        mib.put(new OID(role).append(8).append(0), new org.snmp4j.smi.TimeTicks(500));
        put(role, 9, new OctetString(""));
        mib.put(new OID(service).append(2).append(1), new OctetString("http"));
        mib.put(new OID(service).append(3).append(1), new UnsignedInteger32(80));
        mib.put(new OID(service).append(4).append(1), new Integer32(6));
        mib.put(new OID(service).append(5).append(1), new Integer32(1));
        mib.put(new OID(service).append(6).append(1), new UnsignedInteger32(3));
        mib.put(new OID(service).append(7).append(1), new org.snmp4j.smi.TimeTicks(100));
    }

    private void put(OID group, int arc, Variable v) {
        mib.put(new OID(group).append(arc).append(0), v);
    }

    private VariableBinding next(OID o) {
        Map.Entry<OID, Variable> e = mib.higherEntry(o);
        return e == null ? new VariableBinding(o, Null.endOfMibView) : new VariableBinding(e.getKey(), e.getValue());
    }

    @Override
    public <A extends org.snmp4j.smi.Address> void processPdu(CommandResponderEvent<A> event) {
        PDU req = event.getPDU();
        if (req == null || !community.equals(new OctetString(event.getSecurityName()))) {
            return;
        }
        PDU resp = new PDU();
        resp.setType(PDU.RESPONSE);
        resp.setRequestID(req.getRequestID());
        List<? extends VariableBinding> vbs = req.getVariableBindings();
        switch (req.getType()) {
            case PDU.GET -> vbs.forEach(vb -> {
                Variable v = mib.get(vb.getOid());
                resp.add(new VariableBinding(vb.getOid(), v == null ? Null.noSuchObject : v));
            });
            case PDU.GETNEXT -> vbs.forEach(vb -> resp.add(next(vb.getOid())));
            case PDU.GETBULK -> {
                int n = Math.max(0, Math.min(req.getNonRepeaters(), vbs.size()));
                for (int i = 0; i < n; i++) {
                    resp.add(next(vbs.get(i).getOid()));
                }
                List<OID> cursors = new ArrayList<>();
                for (int i = n; i < vbs.size(); i++) {
                    cursors.add(vbs.get(i).getOid());
                }
                for (int r = 0; r < req.getMaxRepetitions() && !cursors.isEmpty(); r++) {
                    for (int i = 0; i < cursors.size(); i++) {
                        VariableBinding vb = next(cursors.get(i));
                        resp.add(vb);
                        cursors.set(i, vb.getOid());
                    }
                }
            }
            default -> {
                return;
            }
        }
        event.setProcessed(true);
        try {
            event.getMessageDispatcher().returnResponsePdu(event.getMessageProcessingModel(),
                event.getSecurityModel(), event.getSecurityName(), event.getSecurityLevel(), resp,
                event.getMaxSizeResponsePDU(), event.getStateReference(), new StatusInformation());
        } catch (Exception e) {
            // a full socket buffer: the manager times out and retries, as with any agent
        }
    }

    /** The address of agent {@code i}: 127.0.X.Y with X.Y counted from 127.0.1.1. */
    static String address(int i) {
        int n = i + 256 + 1;
        return "127." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        AgentFarm farm = new AgentFarm(args[3], args[2]);
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        Snmp snmp = new Snmp(dispatcher);
        snmp.addCommandResponder(farm);
        for (int i = 0; i < count; i++) {
            DefaultUdpTransportMapping t = new DefaultUdpTransportMapping(
                new UdpAddress(InetAddress.getByName(address(i)), port), true);
            snmp.addTransportMapping(t);
            t.listen();
        }
        System.out.println("ready " + count);
        System.out.flush();
        Thread.currentThread().join();
    }
}
