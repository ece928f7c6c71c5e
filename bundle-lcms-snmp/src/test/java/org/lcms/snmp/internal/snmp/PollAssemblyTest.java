package org.lcms.snmp.internal.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lcms.mib.LcmsMib;
import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;
import org.lcms.snmp.api.RealServerStatus;
import org.lcms.snmp.core.PollOutcome;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/** The GETBULK conversation of a poll, answered by a fake agent MIB that follows GETNEXT/GETBULK semantics. */
class PollAssemblyTest {

    /** A sorted MIB view with GETBULK semantics (RFC 3416 4.2.3), enough to drive PollAssembly. */
    static final class FakeAgent {
        final TreeMap<OID, Variable> mib = new TreeMap<>();
        int requests;

        List<VariableBinding> bulk(PollAssembly.Request r) {
            requests++;
            List<VariableBinding> out = new ArrayList<>();
            for (OID o : r.nonRepeaters()) {
                out.add(next(o));
            }
            List<OID> cursors = new ArrayList<>(r.repeaters());
            for (int rep = 0; rep < r.maxRepetitions(); rep++) {
                for (int i = 0; i < cursors.size(); i++) {
                    VariableBinding vb = next(cursors.get(i));
                    out.add(vb);
                    cursors.set(i, vb.getOid());
                }
            }
            return out;
        }

        VariableBinding next(OID o) {
            Map.Entry<OID, Variable> e = mib.higherEntry(o);
            return e == null ? new VariableBinding(o, Null.endOfMibView) : new VariableBinding(e.getKey(), e.getValue());
        }

        void scalar(OID object, Variable v) {
            mib.put(LcmsMib.scalar(object), v);
        }

        void cell(OID column, Variable v, int... index) {
            OID o = new OID(column);
            for (int i : index) {
                o.append(i);
            }
            mib.put(o, v);
        }
    }

    static FakeAgent host(int role, int realServers) {
        FakeAgent a = new FakeAgent();
        a.scalar(LcmsMib.LCMS_HOST_NAME, new OctetString("lb1"));
        a.scalar(LcmsMib.LCMS_HOST_CPU_COUNT, new UnsignedInteger32(4));
        a.scalar(LcmsMib.LCMS_HOST_LOAD_AVERAGE1, new UnsignedInteger32(150));
        a.scalar(LcmsMib.LCMS_ROLE_TYPE, new Integer32(role));
        a.scalar(LcmsMib.LCMS_ROLE_STATE, new Integer32(LcmsMib.PHASE_ACTIVE));
        a.scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID, new OctetString("web"));
        a.scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS, new OctetString(new byte[] {(byte) 192, 0, 2, 100}));
        a.cell(LcmsMib.LCMS_SERVICE_NAME, new OctetString("http"), 1);
        a.cell(LcmsMib.LCMS_SERVICE_STATUS, new Integer32(1), 1);
        if (role == 2) {
            a.cell(LcmsMib.LCMS_VS_ADDRESS, new OctetString(new byte[] {(byte) 192, 0, 2, 100}), 1);
            a.cell(LcmsMib.LCMS_VS_PORT, new UnsignedInteger32(80), 1);
            a.cell(LcmsMib.LCMS_VS_SCHEDULER, new Integer32(4), 1);
            for (int i = 1; i <= realServers; i++) {
                a.cell(LcmsMib.LCMS_RS_ADDRESS, new OctetString(new byte[] {10, 0, 0, (byte) i}), 1, i);
                a.cell(LcmsMib.LCMS_RS_PORT, new UnsignedInteger32(80), 1, i);
                a.cell(LcmsMib.LCMS_RS_WEIGHT, new UnsignedInteger32(i), 1, i);
                a.cell(LcmsMib.LCMS_RS_STATUS, new Integer32(i % 3 == 0 ? 2 : 1), 1, i);
                a.cell(LcmsMib.LCMS_RS_ACTIVE_CONNECTIONS, new UnsignedInteger32(10 * i), 1, i);
            }
        }
        return a;
    }

    static PollOutcome.Answered run(FakeAgent agent, PollAssembly poll) {
        PollAssembly.Request r = poll.start();
        while (r != null) {
            r = poll.accept(agent.bulk(r));
        }
        return poll.result(1);
    }

    @Test
    void aLoadBalancerWithManyRealServersIsReadCompletelyAndDecoded() {
        FakeAgent lb = host(2, 70);
        PollAssembly first = new PollAssembly(PollAssembly.TableSizes.FIRST);
        PollOutcome.Answered a = run(lb, first);
        assertEquals("lb1", a.facts().hostName());
        assertEquals(1.5, a.facts().load1());
        assertEquals(Role.LOAD_BALANCER, a.role().role());
        assertEquals(RoleState.ACTIVE, a.role().state());
        assertEquals("192.0.2.100", a.role().vip());
        assertEquals(1, a.virtualServices().size());
        assertEquals("wlc", a.virtualServices().get(0).scheduler());
        assertEquals(70, a.realServers().size());
        assertEquals("10.0.0.70", a.realServers().get(69).address());
        assertEquals(70, a.realServers().get(69).weight());
        assertEquals(RealServerStatus.DOWN, a.realServers().get(2).status());
        assertEquals(700, a.realServers().get(69).activeConnections());
        assertEquals("http", a.services().get(0).name());

        // the next poll starts from the sizes found: 71 repetitions needed, at most 32 per request
        PollAssembly.TableSizes sizes = first.sizes();
        assertEquals(70, sizes.realServers());
        lb.requests = 0;
        PollAssembly second = new PollAssembly(sizes);
        assertEquals(70, run(lb, second).realServers().size());
        assertEquals(3, lb.requests);

        // a stable host with up to 31 rows costs exactly one request
        FakeAgent small = host(2, 20);
        PollAssembly firstSmall = new PollAssembly(PollAssembly.TableSizes.FIRST);
        run(small, firstSmall);
        small.requests = 0;
        assertEquals(20, run(small, new PollAssembly(firstSmall.sizes())).realServers().size());
        assertEquals(1, small.requests, "a stable host costs one request");
    }

    @Test
    void aLoadBalancersFailoverViewIsReadInTheSameRequest() {
        FakeAgent lb = host(2, 3);
        lb.cell(LcmsMib.LCMS_FAILOVER_CLUSTER, new OctetString("web"), 1);
        lb.cell(LcmsMib.LCMS_FAILOVER_RANK, new Integer32(0), 1);
        lb.cell(LcmsMib.LCMS_FAILOVER_STATE, new Integer32(LcmsMib.FAILOVER_HOLDER), 1);
        lb.cell(LcmsMib.LCMS_FAILOVER_HOLDER, new OctetString("lb1"), 1);
        lb.cell(LcmsMib.LCMS_FAILOVER_EPOCH, new UnsignedInteger32(7), 1);
        lb.cell(LcmsMib.LCMS_FAILOVER_LEASE_REMAINING, new UnsignedInteger32(95), 1);
        lb.cell(LcmsMib.LCMS_FAILOVER_REACH, new UnsignedInteger32(5), 1);
        lb.cell(LcmsMib.LCMS_FAILOVER_WITNESSES, new UnsignedInteger32(5), 1);
        lb.cell(LcmsMib.LCMS_FAILOVER_READY_MEMBERS, new OctetString("lb1,bs1"), 1);
        lb.cell(LcmsMib.LCMS_FAILOVER_PINNED, new Integer32(2), 1);
        PollAssembly first = new PollAssembly(PollAssembly.TableSizes.FIRST);
        run(lb, first);
        lb.requests = 0;
        PollOutcome.Answered a = run(lb, new PollAssembly(first.sizes()));
        assertEquals(1, lb.requests, "no extra request for the failover table");
        assertEquals(List.of(new org.lcms.snmp.api.FailoverReport(1, "web", 0,
            org.lcms.snmp.api.FailoverReport.FailoverState.HOLDER, "lb1", 7, 95, 5, 5, List.of("lb1", "bs1"), false)),
            a.failover());
    }

    @Test
    void theHealthEffectiveStateIsReadInTheSameRequestAndAnOlderAgentReadsAsSet() {
        FakeAgent lb = host(2, 3);
        // rs 1 failed its checks (drain policy), rs 2 has a load-aware weight; rs 3 is down by the operator
        lb.cell(LcmsMib.LCMS_RS_EFFECTIVE_STATUS, new Integer32(3), 1, 1);
        lb.cell(LcmsMib.LCMS_RS_EFFECTIVE_WEIGHT, new UnsignedInteger32(0), 1, 1);
        lb.cell(LcmsMib.LCMS_RS_HEALTH_REASON, new OctetString("health down: failed: connection refused"), 1, 1);
        lb.cell(LcmsMib.LCMS_RS_EFFECTIVE_STATUS, new Integer32(1), 1, 2);
        lb.cell(LcmsMib.LCMS_RS_EFFECTIVE_WEIGHT, new UnsignedInteger32(3), 1, 2);
        lb.cell(LcmsMib.LCMS_RS_HEALTH_REASON, new OctetString("load-aware: factor 1.50 of weight 2"), 1, 2);
        lb.cell(LcmsMib.LCMS_RS_EFFECTIVE_STATUS, new Integer32(2), 1, 3);
        lb.cell(LcmsMib.LCMS_RS_EFFECTIVE_WEIGHT, new UnsignedInteger32(0), 1, 3);
        lb.cell(LcmsMib.LCMS_RS_HEALTH_REASON, new OctetString(""), 1, 3);
        PollAssembly first = new PollAssembly(PollAssembly.TableSizes.FIRST);
        run(lb, first);
        lb.requests = 0;
        PollOutcome.Answered a = run(lb, new PollAssembly(first.sizes()));
        assertEquals(1, lb.requests, "no extra request for the effective columns");
        org.lcms.snmp.api.RealServerReport failed = a.realServers().get(0);
        assertEquals(RealServerStatus.UP, failed.status(), "the operator's status");
        assertEquals(RealServerStatus.DRAINING, failed.effectiveStatus());
        assertEquals(0, failed.effectiveWeight());
        assertEquals("health down: failed: connection refused", failed.healthReason());
        assertEquals(true, failed.healthOverrides());
        assertEquals(3, a.realServers().get(1).effectiveWeight());
        assertEquals(true, a.realServers().get(1).healthOverrides());
        assertEquals(false, a.realServers().get(2).healthOverrides(), "down as set, dispatched down");

        // an agent without the columns: every row reads as set
        PollOutcome.Answered old = run(host(2, 3), new PollAssembly(PollAssembly.TableSizes.FIRST));
        assertEquals(RealServerStatus.UP, old.realServers().get(0).effectiveStatus());
        assertEquals(1, old.realServers().get(0).effectiveWeight());
        assertEquals(RealServerStatus.DOWN, old.realServers().get(2).effectiveStatus());
        assertEquals(false, old.realServers().get(0).healthOverrides());
    }

    @Test
    void aRealServerThatBecomesLoadBalancerGetsItsTablesInTheSamePoll() {
        FakeAgent rs = host(4, 0);
        PollAssembly first = new PollAssembly(PollAssembly.TableSizes.FIRST);
        assertEquals(0, run(rs, first).realServers().size());
        assertEquals(false, first.sizes().dispatching());
        FakeAgent nowLb = host(2, 3);
        PollAssembly second = new PollAssembly(first.sizes());
        PollAssembly.Request r = second.start();
        assertEquals(PollAssembly.SERVICE_COLUMNS, r.repeaters(), "only the service table is expected");
        PollOutcome.Answered a = null;
        while (r != null) {
            r = second.accept(nowLb.bulk(r));
        }
        a = second.result(1);
        assertEquals(3, a.realServers().size());
    }

    @Test
    void equalReportsOfTwoPollsAndTwoHostsAreOneObjectAndAChangeIsNot() {
        FakeAgent rs1 = host(4, 0);
        FakeAgent rs2 = host(4, 0);
        rs2.scalar(LcmsMib.LCMS_HOST_NAME, new OctetString("rs2"));
        PollOutcome.Answered a = run(rs1, new PollAssembly(PollAssembly.TableSizes.FIRST));
        PollOutcome.Answered b = run(rs1, new PollAssembly(PollAssembly.TableSizes.FIRST));
        PollOutcome.Answered c = run(rs2, new PollAssembly(PollAssembly.TableSizes.FIRST));
        // the same role and service rows, decoded three times: one object each (compared with == by the store)
        assertSame(a.role(), b.role());
        assertSame(a.role(), c.role());
        assertSame(a.services(), b.services());
        assertSame(a.services(), c.services());
        assertEquals("rs2", c.facts().hostName());

        // a changed value is a new object with the new value; an equal one is shared again
        rs2.cell(LcmsMib.LCMS_SERVICE_CURRENT_CONNECTIONS, new UnsignedInteger32(42), 1);
        rs2.scalar(LcmsMib.LCMS_ROLE_STATE, new Integer32(LcmsMib.PHASE_FAILED));
        PollOutcome.Answered changed = run(rs2, new PollAssembly(PollAssembly.TableSizes.FIRST));
        assertEquals(42, changed.services().get(0).currentConnections());
        assertEquals(RoleState.FAILED, changed.role().state());
        assertNotSame(a.role(), changed.role());
        assertEquals("web", changed.role().clusterId());
        assertEquals(0, run(rs1, new PollAssembly(PollAssembly.TableSizes.FIRST)).services().get(0)
            .currentConnections(), "the other host's row is not taken for this one");
        assertSame(a.role(), run(rs1, new PollAssembly(PollAssembly.TableSizes.FIRST)).role());
    }

    @Test
    void rowsMissingFromSomeColumnsAreStillRowsAndTheirCellsReadAsUnset() {
        FakeAgent agent = host(4, 0);
        // row 2 has only a status; row 3 only a name: both are rows of the table
        agent.cell(LcmsMib.LCMS_SERVICE_STATUS, new Integer32(2), 2);
        agent.cell(LcmsMib.LCMS_SERVICE_NAME, new OctetString("dns"), 3);
        PollAssembly first = new PollAssembly(PollAssembly.TableSizes.FIRST);
        PollOutcome.Answered a = run(agent, first);
        assertEquals(List.of(1, 2, 3), a.services().stream().map(org.lcms.snmp.api.ServiceReport::index).toList());
        assertEquals("", a.services().get(1).name());
        assertEquals("dns", a.services().get(2).name());
        assertEquals(3, first.sizes().services());
        // the next poll, sized from this one, reads the same rows in one request
        agent.requests = 0;
        assertEquals(a.services(), run(agent, new PollAssembly(first.sizes())).services());
        assertEquals(1, agent.requests);
    }

    @Test
    void anEmptyHostEndsAtOnceAndMissingScalarsDecodeAsUnknown() {
        FakeAgent bare = new FakeAgent();
        PollAssembly p = new PollAssembly(PollAssembly.TableSizes.FIRST);
        PollOutcome.Answered a = run(bare, p);
        assertEquals(Role.NONE, a.role().role());
        assertEquals(RoleState.UNKNOWN, a.role().state());
        assertEquals("", a.facts().hostName());
        assertEquals(1, bare.requests);
    }

    @Test
    void anAgentWhoseTablesNeverEndIsCutOff() {
        PollAssembly p = new PollAssembly(PollAssembly.TableSizes.FIRST);
        PollAssembly.Request r = p.start();
        // a broken agent that always answers with the same in-column row
        List<VariableBinding> loop = new ArrayList<>();
        for (OID o : r.nonRepeaters()) {
            loop.add(new VariableBinding(LcmsMib.scalar(o), new Integer32(1)));
        }
        for (int rep = 0; rep < r.maxRepetitions(); rep++) {
            for (OID c : r.repeaters()) {
                loop.add(new VariableBinding(new OID(c).append(1), new Integer32(1)));
            }
        }
        assertNotNull(p.accept(loop));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < PollAssembly.MAX_REQUESTS + 1; i++) {
                List<VariableBinding> again = new ArrayList<>();
                for (int rep = 0; rep < PollAssembly.MAX_REPETITIONS; rep++) {
                    for (OID c : PollAssembly.SERVICE_COLUMNS) {
                        again.add(new VariableBinding(new OID(c).append(1), new Integer32(1)));
                    }
                    for (OID c : PollAssembly.VS_COLUMNS) {
                        again.add(new VariableBinding(new OID(c).append(1), new Integer32(1)));
                    }
                    for (OID c : PollAssembly.RS_COLUMNS) {
                        again.add(new VariableBinding(new OID(c).append(1).append(1), new Integer32(1)));
                    }
                    for (OID c : PollAssembly.FAILOVER_COLUMNS) {
                        again.add(new VariableBinding(new OID(c).append(1), new Integer32(1)));
                    }
                }
                p.accept(again);
            }
        });
        assertEquals(true, e.getMessage().contains("did not end within " + PollAssembly.MAX_REQUESTS), e.getMessage());
    }
}
