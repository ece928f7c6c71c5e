package org.lcms.snmp.internal.snmp;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.lcms.mib.LcmsMib;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.Role;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.snmp.core.AgentWrite;
import org.lcms.snmp.core.WriteFailure;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.VariableBinding;

/**
 * Sends {@link AgentWrite}s to one agent as SNMP SETs, one request each, in order, asynchronously; stops at the
 * first refusal. The agent checks every request as a whole (RFC 3416 two-phase SET), so a refused write changed
 * nothing on the host.
 */
public final class RoleWriter {
    private static final int CREATE_AND_GO = 4;
    private static final int DESTROY = 6;

    private final ManagerSnmp session;

    public RoleWriter(ManagerSnmp session) {
        this.session = session;
    }

    /** Sends {@code writes}; {@code done} gets null when all were accepted, else why the first was not. */
    public void write(Target<UdpAddress> target, List<AgentWrite> writes, Consumer<WriteFailure> done) {
        next(target, writes, 0, done);
    }

    private void next(Target<UdpAddress> target, List<AgentWrite> writes, int i, Consumer<WriteFailure> done) {
        if (i == writes.size()) {
            done.accept(null);
            return;
        }
        PDU pdu = ManagerSnmp.pdu(target, PDU.SET);
        for (VariableBinding vb : varbinds(writes.get(i))) {
            pdu.add(vb);
        }
        ResponseListener listener = new ResponseListener() {
            @Override
            public <A extends org.snmp4j.smi.Address> void onResponse(ResponseEvent<A> event) {
                session.cancel(event.getRequest(), this);
                String failure = AgentPoller.failure(target, event);
                if (failure != null) {
                    done.accept(new WriteFailure(describe(writes.get(i)) + ": " + failure + failedObject(event),
                        conflict(event)));
                } else {
                    next(target, writes, i + 1, done);
                }
            }
        };
        try {
            session.send(pdu, target, null, listener);
        } catch (IOException | RuntimeException e) {
            done.accept(WriteFailure.of(describe(writes.get(i)) + ": could not send: " + e.getMessage()));
        }
    }

    /**
     * Whether the agent refused the request as inconsistent with its present state: RFC 3416 answers
     * inconsistentValue or inconsistentName for a value or row that could be set or created "under other
     * circumstances" (the node agent: a row that exists already or not yet, a role not in effect).
     */
    static boolean conflict(ResponseEvent<?> event) {
        PDU r = event.getResponse();
        return r != null && r.getType() == PDU.RESPONSE
            && (r.getErrorStatus() == PDU.inconsistentValue || r.getErrorStatus() == PDU.inconsistentName);
    }

    private static String failedObject(ResponseEvent<?> event) {
        PDU r = event.getResponse();
        if (r == null || r.getErrorIndex() < 1 || r.getErrorIndex() > r.size()) {
            return "";
        }
        return " (" + r.get(r.getErrorIndex() - 1).getOid() + ")";
    }

    /** In words, for progress and errors. */
    public static String describe(AgentWrite w) {
        if (w instanceof AgentWrite.SetRole r) {
            return "set role " + r.role().code() + (r.role() == Role.NONE ? "" : " of " + r.clusterId());
        } else if (w instanceof AgentWrite.CreateVirtualService v) {
            return "create virtual service " + v.vip() + ":" + v.port();
        } else if (w instanceof AgentWrite.SetScheduler s) {
            return "set scheduler " + s.scheduler().code();
        } else if (w instanceof AgentWrite.DestroyVirtualService d) {
            return "remove virtual service " + d.index();
        } else if (w instanceof AgentWrite.CreateRealServer c) {
            return "add real server " + c.address() + ":" + c.port();
        } else if (w instanceof AgentWrite.SetWeight s) {
            return "set weight " + s.weight() + " of real server " + s.index();
        } else if (w instanceof AgentWrite.SetDrained s) {
            return (s.drained() ? "drain" : "enable") + " real server " + s.index();
        } else if (w instanceof AgentWrite.SetFailoverPolicy f) {
            return "set failover policy of " + f.cluster() + " to '" + f.policy() + "'";
        } else {
            return "remove real server " + ((AgentWrite.DestroyRealServer) w).index();
        }
    }

    static List<VariableBinding> varbinds(AgentWrite w) {
        if (w instanceof AgentWrite.SetRole r) {
            return r.role() == Role.NONE
                ? List.of(vb(LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE), new Integer32(1)))
                : List.of(vb(LcmsMib.scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS_TYPE), new Integer32(type(r.vip()))),
                    vb(LcmsMib.scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS), new OctetString(r.vip().inet().getAddress())),
                    vb(LcmsMib.scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID), new OctetString(r.clusterId())),
                    vb(LcmsMib.scalar(LcmsMib.LCMS_ROLE_BACKUP_RANK), new UnsignedInteger32(r.backupRank())),
                    vb(LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE), new Integer32(roleType(r.role()))));
        } else if (w instanceof AgentWrite.CreateVirtualService v) {
            return List.of(
                vb(cell(LcmsMib.LCMS_VS_ADDRESS_TYPE, v.index()), new Integer32(type(v.vip()))),
                vb(cell(LcmsMib.LCMS_VS_ADDRESS, v.index()), new OctetString(v.vip().inet().getAddress())),
                vb(cell(LcmsMib.LCMS_VS_PORT, v.index()), new UnsignedInteger32(v.port())),
                vb(cell(LcmsMib.LCMS_VS_PROTOCOL, v.index()), new Integer32(protocol(v.protocol()))),
                vb(cell(LcmsMib.LCMS_VS_SCHEDULER, v.index()), new Integer32(scheduler(v.scheduler()))),
                vb(cell(LcmsMib.LCMS_VS_ROW_STATUS, v.index()), new Integer32(CREATE_AND_GO)));
        } else if (w instanceof AgentWrite.SetScheduler s) {
            return List.of(vb(cell(LcmsMib.LCMS_VS_SCHEDULER, s.index()), new Integer32(scheduler(s.scheduler()))));
        } else if (w instanceof AgentWrite.DestroyVirtualService d) {
            return List.of(vb(cell(LcmsMib.LCMS_VS_ROW_STATUS, d.index()), new Integer32(DESTROY)));
        } else if (w instanceof AgentWrite.CreateRealServer c) {
            return List.of(
                vb(cell(LcmsMib.LCMS_RS_ADDRESS_TYPE, c.vsIndex(), c.index()), new Integer32(type(c.address()))),
                vb(cell(LcmsMib.LCMS_RS_ADDRESS, c.vsIndex(), c.index()),
                    new OctetString(c.address().inet().getAddress())),
                vb(cell(LcmsMib.LCMS_RS_PORT, c.vsIndex(), c.index()), new UnsignedInteger32(c.port())),
                vb(cell(LcmsMib.LCMS_RS_WEIGHT, c.vsIndex(), c.index()), new UnsignedInteger32(c.weight())),
                vb(cell(LcmsMib.LCMS_RS_STATUS, c.vsIndex(), c.index()), new Integer32(rsStatus(c.drained()))),
                vb(cell(LcmsMib.LCMS_RS_ROW_STATUS, c.vsIndex(), c.index()), new Integer32(CREATE_AND_GO)));
        } else if (w instanceof AgentWrite.SetWeight s) {
            return List.of(vb(cell(LcmsMib.LCMS_RS_WEIGHT, s.vsIndex(), s.index()), new UnsignedInteger32(s.weight())));
        } else if (w instanceof AgentWrite.SetDrained s) {
            return List.of(vb(cell(LcmsMib.LCMS_RS_STATUS, s.vsIndex(), s.index()), new Integer32(rsStatus(s.drained()))));
        } else if (w instanceof AgentWrite.SetFailoverPolicy f) {
            return List.of(vb(cell(LcmsMib.LCMS_FAILOVER_POLICY_SET, f.failoverIndex()), new OctetString(f.policy())));
        } else {
            AgentWrite.DestroyRealServer d = (AgentWrite.DestroyRealServer) w;
            return List.of(vb(cell(LcmsMib.LCMS_RS_ROW_STATUS, d.vsIndex(), d.index()), new Integer32(DESTROY)));
        }
    }

    private static VariableBinding vb(OID oid, org.snmp4j.smi.Variable v) {
        return new VariableBinding(oid, v);
    }

    private static OID cell(OID column, int... index) {
        OID o = new OID(column);
        for (int i : index) {
            o.append(i);
        }
        return o;
    }

    /** LcmsRealServerState: up(1), draining(3). */
    static int rsStatus(boolean drained) {
        return drained ? 3 : 1;
    }

    static int type(IpAddress a) {
        return a.isIpv4() ? LcmsMib.INET_IPV4 : LcmsMib.INET_IPV6;
    }

    public static int roleType(Role r) {
        return switch (r) {
            case NONE -> 1;
            case LOAD_BALANCER -> 2;
            case BACKUP_SERVER -> 3;
            case REAL_SERVER -> 4;
        };
    }

    static int protocol(ServiceProtocol p) {
        return p == ServiceProtocol.TCP ? 6 : 17;
    }

    static int scheduler(Scheduler s) {
        return switch (s) {
            case RR -> 1;
            case WRR -> 2;
            case LC -> 3;
            case WLC -> 4;
            case SH -> 5;
        };
    }
}
