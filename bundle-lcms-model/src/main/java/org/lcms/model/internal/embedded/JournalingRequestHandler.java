package org.lcms.model.internal.embedded;

import com.unboundid.ldap.listener.InMemoryRequestHandler;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerRequestHandler;
import com.unboundid.ldap.protocol.AbandonRequestProtocolOp;
import com.unboundid.ldap.protocol.AddRequestProtocolOp;
import com.unboundid.ldap.protocol.AddResponseProtocolOp;
import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.CompareRequestProtocolOp;
import com.unboundid.ldap.protocol.DeleteRequestProtocolOp;
import com.unboundid.ldap.protocol.DeleteResponseProtocolOp;
import com.unboundid.ldap.protocol.ExtendedRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ModifyDNRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyDNResponseProtocolOp;
import com.unboundid.ldap.protocol.ModifyRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyResponseProtocolOp;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.UnbindRequestProtocolOp;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFDeleteChangeRecord;
import com.unboundid.ldif.LDIFModifyChangeRecord;
import com.unboundid.ldif.LDIFModifyDNChangeRecord;
import java.util.List;
import java.util.Set;

/**
 * Sits between the LDAP listener and the in-memory server: reads pass straight through, writes go through
 * {@link EmbeddedDirectory#write} so that each one is journaled before it is acknowledged. Extended operations
 * that would change the tree behind the journal's back (transactions, password modify) are refused.
 */
final class JournalingRequestHandler extends LDAPListenerRequestHandler {
    /** Read-only extended operations passed through: Who Am I (RFC 4532). */
    private static final Set<String> ALLOWED_EXTENDED = Set.of("1.3.6.1.4.1.4203.1.11.3");

    private final InMemoryRequestHandler delegate;
    private final EmbeddedDirectory directory;

    JournalingRequestHandler(InMemoryRequestHandler delegate, EmbeddedDirectory directory) {
        this.delegate = delegate;
        this.directory = directory;
    }

    @Override
    public LDAPListenerRequestHandler newInstance(LDAPListenerClientConnection connection) throws LDAPException {
        return new JournalingRequestHandler(delegate.newInstance(connection), directory);
    }

    @Override
    public void closeInstance() {
        delegate.closeInstance();
    }

    @Override
    public LDAPMessage processAddRequest(int id, AddRequestProtocolOp op, List<Control> controls) {
        return directory.write(id, () -> delegate.processAddRequest(id, op, controls),
            () -> new LDIFAddChangeRecord(op.toAddRequest()), AddResponseProtocolOp::new);
    }

    @Override
    public LDAPMessage processModifyRequest(int id, ModifyRequestProtocolOp op, List<Control> controls) {
        return directory.write(id, () -> delegate.processModifyRequest(id, op, controls),
            () -> new LDIFModifyChangeRecord(op.toModifyRequest()), ModifyResponseProtocolOp::new);
    }

    @Override
    public LDAPMessage processDeleteRequest(int id, DeleteRequestProtocolOp op, List<Control> controls) {
        return directory.write(id, () -> delegate.processDeleteRequest(id, op, controls),
            () -> new LDIFDeleteChangeRecord(op.toDeleteRequest()), DeleteResponseProtocolOp::new);
    }

    @Override
    public LDAPMessage processModifyDNRequest(int id, ModifyDNRequestProtocolOp op, List<Control> controls) {
        return directory.write(id, () -> delegate.processModifyDNRequest(id, op, controls),
            () -> new LDIFModifyDNChangeRecord(op.toModifyDNRequest()), ModifyDNResponseProtocolOp::new);
    }

    @Override
    public LDAPMessage processExtendedRequest(int id, ExtendedRequestProtocolOp op, List<Control> controls) {
        if (!ALLOWED_EXTENDED.contains(op.getOID())) {
            return new LDAPMessage(id, new ExtendedResponseProtocolOp(ResultCode.UNWILLING_TO_PERFORM_INT_VALUE,
                null, "extended operation " + op.getOID() + " is not supported by the LCMS embedded directory "
                + "(its changes could not be journaled)", null, null, null));
        }
        return delegate.processExtendedRequest(id, op, controls);
    }

    @Override
    public LDAPMessage processBindRequest(int id, BindRequestProtocolOp op, List<Control> controls) {
        return delegate.processBindRequest(id, op, controls);
    }

    @Override
    public LDAPMessage processCompareRequest(int id, CompareRequestProtocolOp op, List<Control> controls) {
        return delegate.processCompareRequest(id, op, controls);
    }

    @Override
    public LDAPMessage processSearchRequest(int id, SearchRequestProtocolOp op, List<Control> controls) {
        return delegate.processSearchRequest(id, op, controls);
    }

    @Override
    public void processAbandonRequest(int id, AbandonRequestProtocolOp op, List<Control> controls) {
        delegate.processAbandonRequest(id, op, controls);
    }

    @Override
    public void processUnbindRequest(int id, UnbindRequestProtocolOp op, List<Control> controls) {
        delegate.processUnbindRequest(id, op, controls);
    }
}
