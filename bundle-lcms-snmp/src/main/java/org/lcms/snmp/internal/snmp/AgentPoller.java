package org.lcms.snmp.internal.snmp;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.lcms.snmp.core.PollOutcome;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;

/**
 * Runs one poll ({@link PollAssembly}) against one agent, asynchronously: each answer arrives on the session's
 * receive thread, is decoded there and either sends the next request or completes the poll. Nothing blocks, so
 * a slow or dead host holds no thread while others are polled.
 */
public final class AgentPoller {
    private final ManagerSnmp session;

    public AgentPoller(ManagerSnmp session) {
        this.session = session;
    }

    /**
     * Polls the agent at {@code target}; {@code done} gets the outcome and the table sizes to start the next poll
     * from (exactly once, on an SNMP thread or, if sending fails, on the caller's).
     */
    public void poll(Target<UdpAddress> target, PollAssembly.TableSizes previous,
                     Done done) {
        PollAssembly assembly = new PollAssembly(previous);
        long started = System.nanoTime();
        send(target, assembly, assembly.start(), started, done);
    }

    /** Completion of a poll. */
    public interface Done {
        void finished(PollOutcome outcome, PollAssembly.TableSizes sizes);
    }

    private void send(Target<UdpAddress> target, PollAssembly assembly, PollAssembly.Request request, long started,
                      Done done) {
        PDU pdu = ManagerSnmp.pdu(target, PDU.GETBULK);
        pdu.setVariableBindings(request.bindings()); // built once per request shape, copied in one go
        pdu.setNonRepeaters(request.nonRepeaters().size());
        pdu.setMaxRepetitions(request.maxRepetitions());
        ResponseListener listener = new ResponseListener() {
            @Override
            public <A extends org.snmp4j.smi.Address> void onResponse(ResponseEvent<A> event) {
                session.cancel(event.getRequest(), this);
                answered(target, assembly, event, started, done);
            }
        };
        try {
            session.send(pdu, target, null, listener);
        } catch (IOException | RuntimeException e) {
            done.finished(new PollOutcome.Failed("could not send to " + target.getAddress() + ": " + e.getMessage()),
                PollAssembly.TableSizes.FIRST);
        }
    }

    private void answered(Target<UdpAddress> target, PollAssembly assembly, ResponseEvent<?> event, long started,
                          Done done) {
        PDU response = event.getResponse();
        String failure = failure(target, event);
        if (failure != null) {
            done.finished(new PollOutcome.Failed(failure), PollAssembly.TableSizes.FIRST);
            return;
        }
        PollAssembly.Request next;
        try {
            List<? extends VariableBinding> vbs = response.getVariableBindings();
            next = assembly.accept(vbs);
        } catch (RuntimeException e) {
            done.finished(new PollOutcome.Failed("the agent's answer could not be read: " + e.getMessage()),
                PollAssembly.TableSizes.FIRST);
            return;
        }
        if (next != null) {
            send(target, assembly, next, started, done);
            return;
        }
        long micros = (System.nanoTime() - started) / 1000;
        done.finished(assembly.result(micros), assembly.sizes());
    }

    /** Why an answer is no answer, or null if it is a usable response. */
    static String failure(Target<?> target, ResponseEvent<?> event) {
        if (event.getError() != null) {
            return "request failed: " + event.getError().getMessage();
        }
        PDU response = event.getResponse();
        if (response == null) {
            return "no answer within " + target.getTimeout() + " ms (" + (target.getRetries() + 1) + " tries)";
        }
        if (response.getType() == PDU.REPORT) {
            String what = response.size() > 0 ? usmReportName(response.get(0).getOid()) : "?";
            return "the agent refused the request (report " + what + "): check the profile's user, "
                + "passwords and protocols against the agent's user.NAME settings";
        }
        if (response.getErrorStatus() != PDU.noError) {
            return "the agent answered " + response.getErrorStatusText() + " at varbind " + response.getErrorIndex();
        }
        return null;
    }

    /**
     * A USM statistics counter named for an operator: the report an agent answers with, or what the notification
     * receiver counted. (Compared, never trimmed: OID.trim() would change snmp4j's shared constants in place.)
     */
    static String usmReportName(OID oid) {
        if (oid.startsWith(SnmpConstants.usmStatsUnknownUserNames)) {
            return "usmStatsUnknownUserNames: unknown user";
        }
        if (oid.startsWith(SnmpConstants.usmStatsWrongDigests)) {
            return "usmStatsWrongDigests: wrong authentication password or protocol";
        }
        if (oid.startsWith(SnmpConstants.usmStatsDecryptionErrors)) {
            return "usmStatsDecryptionErrors: wrong privacy password or protocol";
        }
        if (oid.startsWith(SnmpConstants.usmStatsUnsupportedSecLevels)) {
            return "usmStatsUnsupportedSecLevels: the user is not allowed this security level";
        }
        return oid.toDottedString();
    }
}
