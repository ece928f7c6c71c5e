package org.lcms.snmp.internal.snmp;

import java.io.IOException;
import java.util.List;
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
    /**
     * One listener for every request; the poll it belongs to travels as the request's user object. A listener
     * object per request would be one more object to fetch from memory when its answer arrives.
     */
    private final ResponseListener answers = new ResponseListener() {
        @Override
        public <A extends org.snmp4j.smi.Address> void onResponse(ResponseEvent<A> event) {
            session.cancel(event.getRequest(), this);
            answered((InFlight) event.getUserObject(), event);
        }
    };

    public AgentPoller(ManagerSnmp session) {
        this.session = session;
    }

    /** A poll under way: the agent, the conversation so far, when it began, whom to tell. */
    private record InFlight(Target<UdpAddress> target, PollAssembly assembly, long started, Done done) {
    }

    /**
     * Polls the agent at {@code target}; {@code done} gets the outcome and the table sizes to start the next poll
     * from (exactly once, on an SNMP thread or, if sending fails, on the caller's).
     */
    public void poll(Target<UdpAddress> target, PollAssembly.TableSizes previous,
                     Done done) {
        PollAssembly assembly = new PollAssembly(previous);
        send(new InFlight(target, assembly, System.nanoTime(), done), assembly.start());
    }

    /** Completion of a poll. */
    public interface Done {
        void finished(PollOutcome outcome, PollAssembly.TableSizes sizes);
    }

    private void send(InFlight poll, PollAssembly.Request request) {
        PDU pdu = ManagerSnmp.pdu(poll.target(), PDU.GETBULK);
        pdu.setVariableBindings(request.bindings()); // built once per request shape, copied in one go
        pdu.setNonRepeaters(request.nonRepeaters().size());
        pdu.setMaxRepetitions(request.maxRepetitions());
        try {
            session.send(pdu, poll.target(), poll, answers);
        } catch (IOException | RuntimeException e) {
            poll.done().finished(new PollOutcome.Failed("could not send to " + poll.target().getAddress() + ": "
                + e.getMessage()), PollAssembly.TableSizes.FIRST);
        }
    }

    private void answered(InFlight poll, ResponseEvent<?> event) {
        PDU response = event.getResponse();
        String failure = failure(poll.target(), event);
        if (failure != null) {
            poll.done().finished(new PollOutcome.Failed(failure), PollAssembly.TableSizes.FIRST);
            return;
        }
        PollAssembly.Request next;
        try {
            List<? extends VariableBinding> vbs = response.getVariableBindings();
            next = poll.assembly().accept(vbs);
        } catch (RuntimeException e) {
            poll.done().finished(new PollOutcome.Failed("the agent's answer could not be read: " + e.getMessage()),
                PollAssembly.TableSizes.FIRST);
            return;
        }
        if (next != null) {
            send(poll, next);
            return;
        }
        long micros = (System.nanoTime() - poll.started()) / 1000;
        poll.done().finished(poll.assembly().result(micros), poll.assembly().sizes());
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
