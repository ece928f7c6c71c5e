package org.lcms.snmp.internal.snmp;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.lcms.mib.LcmsMib;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;

/**
 * The operator's switchover as SNMP: a SET of lcmsFailoverHandOverTo.INDEX on the holder; when the agent refuses
 * it (inconsistentValue), a GET of lcmsFailoverHandOverResult.INDEX for its reason. Asynchronous.
 */
public final class HandOverRequest {
    private HandOverRequest() {
    }

    /** Completes with empty when the agent accepted, else the reason (never exceptionally). */
    public static CompletableFuture<Optional<String>> send(ManagerSnmp session, Target<UdpAddress> agent, int index,
                                                           String target) {
        CompletableFuture<Optional<String>> done = new CompletableFuture<>();
        PDU set = ManagerSnmp.pdu(agent, PDU.SET);
        set.add(new VariableBinding(cell(LcmsMib.LCMS_FAILOVER_HAND_OVER_TO, index), new OctetString(target)));
        request(session, agent, set, event -> {
            String failure = AgentPoller.failure(agent, event);
            if (failure == null) {
                done.complete(Optional.empty());
            } else if (event.getResponse() != null && event.getResponse().getErrorStatus() == PDU.inconsistentValue) {
                PDU get = ManagerSnmp.pdu(agent, PDU.GET);
                get.add(new VariableBinding(cell(LcmsMib.LCMS_FAILOVER_HAND_OVER_RESULT, index)));
                request(session, agent, get, answer -> {
                    PDU r = answer.getResponse();
                    String reason = r != null && r.getErrorStatus() == PDU.noError && r.size() == 1
                        && !r.get(0).isException() ? r.get(0).getVariable().toString() : "";
                    done.complete(Optional.of(reason.isEmpty() ? "the agent refused (inconsistentValue)"
                        : "the agent " + reason));
                }, done);
            } else {
                done.complete(Optional.of(failure));
            }
        }, done);
        return done;
    }

    private static void request(ManagerSnmp session, Target<UdpAddress> agent, PDU pdu,
                                java.util.function.Consumer<ResponseEvent<?>> then,
                                CompletableFuture<Optional<String>> done) {
        try {
            session.send(pdu, agent, null, new ResponseListener() {
                @Override
                public <A extends org.snmp4j.smi.Address> void onResponse(ResponseEvent<A> event) {
                    session.cancel(event.getRequest(), this);
                    then.accept(event);
                }
            });
        } catch (IOException | RuntimeException e) {
            done.complete(Optional.of("could not send the request: " + e.getMessage()));
        }
    }

    private static OID cell(OID column, int index) {
        return new OID(column.getValue(), new int[] {index});
    }
}
