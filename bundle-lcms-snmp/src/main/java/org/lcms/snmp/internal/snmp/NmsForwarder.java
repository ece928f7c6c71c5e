package org.lcms.snmp.internal.snmp;

import java.io.IOException;
import java.util.List;
import org.lcms.snmp.core.NmsTarget;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;

/**
 * Sends LCMS events to the configured NMS receivers as LCMS-MIB notifications, through the manager's session
 * (so SNMPv3 traps carry the manager's stable engine ID, which the NMS is configured with once; informs
 * discover the NMS's engine). Never blocks: informs are repeated by snmp4j; a failure is logged, rate-limited.
 */
public final class NmsForwarder {
    private final ManagerSnmp session;
    private final List<NmsTarget> targets;
    private final RateLimitedLog failures;
    private final long started = System.nanoTime();

    public NmsForwarder(ManagerSnmp session, List<NmsTarget> targets, RateLimitedLog failures) {
        this.session = session;
        this.targets = List.copyOf(targets);
        this.failures = failures;
    }

    public boolean active() {
        return !targets.isEmpty();
    }

    /** Sends {@code notification} with {@code objects} (after sysUpTime.0 and snmpTrapOID.0) to every target. */
    public void forward(OID notification, List<VariableBinding> objects, long timeoutMillis, int retries) {
        for (NmsTarget t : targets) {
            Target<UdpAddress> target = session.target(t.profile(), new UdpAddress(t.address()), timeoutMillis,
                retries);
            PDU pdu = ManagerSnmp.pdu(target, t.inform() ? PDU.INFORM : PDU.TRAP);
            pdu.add(new VariableBinding(SnmpConstants.sysUpTime,
                new TimeTicks((System.nanoTime() - started) / 10_000_000L)));
            pdu.add(new VariableBinding(SnmpConstants.snmpTrapOID, notification));
            objects.forEach(pdu::add);
            try {
                if (t.inform()) {
                    session.send(pdu, target, null, new ResponseListener() {
                        @Override
                        public <A extends org.snmp4j.smi.Address> void onResponse(ResponseEvent<A> event) {
                            session.cancel(event.getRequest(), this);
                            String failure = AgentPoller.failure(target, event);
                            if (failure != null) {
                                failures.log("NMS " + t.name() + " (" + t.address() + ") did not acknowledge "
                                    + notification + ": " + failure);
                            }
                        }
                    });
                } else {
                    session.snmp().send(pdu, target);
                }
            } catch (IOException | RuntimeException e) {
                failures.log("could not send " + notification + " to NMS " + t.name() + " (" + t.address() + "): "
                    + e.getMessage());
            }
        }
    }
}
