package org.lcms.agent.snmp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.lcms.agent.failover.FailoverRuntime;
import org.lcms.mib.LcmsMib;
import org.snmp4j.PDU;
import org.snmp4j.agent.DefaultMOServer;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.MOServerLookupEvent;
import org.snmp4j.agent.MOServerLookupListener;
import org.snmp4j.agent.mo.DefaultMOMutableTableModel;
import org.snmp4j.agent.mo.DefaultMOTable;
import org.snmp4j.agent.mo.DefaultMOTableRow;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOColumn;
import org.snmp4j.agent.mo.MOTableIndex;
import org.snmp4j.agent.mo.MOTableSubIndex;
import org.snmp4j.agent.request.SubRequest;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.Variable;

/**
 * lcmsFailoverPolicyTable (AUGMENTS lcmsFailoverEntry: a row for each row of lcmsFailoverTable, the same index):
 * the manager's failover policy of each cluster, what is in force, the outcome of the last write.
 *
 * <pre>
 * SET of                       check (prepare)                                 answer
 * another column               -                                               notWritable
 * a row that does not exist    -                                               noCreation
 * lcmsFailoverPolicySet        not an OCTET STRING                             wrongType
 *                              longer than 255                                 wrongLength
 *                              malformed, a value out of range                 wrongValue; the reason in
 *                              ({@link org.lcms.agent.config.ManagedPolicy})   lcmsFailoverPolicyResult
 *                              this agent cannot apply it (a witness, a check  inconsistentValue; the reason in
 *                              kind its file lacks the settings of)            lcmsFailoverPolicyResult
 * commit                       {@link FailoverPolicies#apply}: the election, the checks, the state file
 * undo                         nothing: commit is the last step and checked at prepare
 * </pre>
 */
final class FailoverPolicyMib implements MOServerLookupListener {
    static final int SET = 1;
    private final FailoverPolicies policies;
    private final Supplier<Optional<FailoverRuntime>> failover;
    private final DefaultMOMutableTableModel<DefaultMOTableRow> model = new DefaultMOMutableTableModel<>();
    private final Table table;

    FailoverPolicyMib(FailoverPolicies policies, Supplier<Optional<FailoverRuntime>> failover) {
        this.policies = policies;
        this.failover = failover;
        MOColumn[] columns = {
            new MOColumn<>(1, SMIConstants.SYNTAX_OCTET_STRING, MOAccessImpl.ACCESS_READ_WRITE),
            new MOColumn<>(2, SMIConstants.SYNTAX_OCTET_STRING, MOAccessImpl.ACCESS_READ_ONLY),
            new MOColumn<>(3, SMIConstants.SYNTAX_OCTET_STRING, MOAccessImpl.ACCESS_READ_ONLY)};
        table = new Table(columns, model);
    }

    void register(MOServer server, OctetString context) throws DuplicateRegistrationException {
        server.register(table, context);
        if (server instanceof DefaultMOServer d) {
            d.addLookupListener(this, table);
        }
    }

    @Override
    public void lookupEvent(MOServerLookupEvent event) {
        refresh();
    }

    @Override
    public void queryEvent(MOServerLookupEvent event) {
        refresh();
    }

    /** The rows of lcmsFailoverTable: none until the failover runs, then one per cluster of the file. */
    private synchronized void refresh() {
        model.clear();
        if (failover.get().isEmpty()) {
            return;
        }
        List<String> clusters = policies.clusters();
        for (int i = 0; i < clusters.size(); i++) {
            String c = clusters.get(i);
            model.addRow(new DefaultMOTableRow(new OID(new int[] {i + 1}), new Variable[] {
                new OctetString(policies.set(c)), new OctetString(RoleGroup.truncate(policies.inForce(c))),
                new OctetString(RoleGroup.truncate(policies.result(c)))}));
        }
    }

    private record Write(String cluster, String text) {
    }

    private record Pending(Write write, org.lcms.agent.config.ManagedPolicy policy) {
    }

    private Object check(SubRequest<?> sub) {
        OID oid = sub.getVariableBinding().getOid();
        OID entry = LcmsMib.LCMS_FAILOVER_POLICY_ENTRY;
        if (oid.size() != entry.size() + 2 || !oid.startsWith(entry) || failover.get().isEmpty()) {
            return PDU.noCreation;
        }
        int column = oid.get(entry.size());
        int index = oid.get(entry.size() + 1);
        List<String> clusters = policies.clusters();
        if (column < 1 || column > 3 || index < 1 || index > clusters.size()) {
            return PDU.noCreation;
        }
        if (column != SET) {
            return PDU.notWritable;
        }
        if (!(sub.getVariableBinding().getVariable() instanceof OctetString value)) {
            return PDU.wrongType;
        }
        if (value.length() > 255) {
            return PDU.wrongLength;
        }
        for (byte b : value.getValue()) {
            if (b < 0x20 || b > 0x7e) {
                return PDU.wrongValue;
            }
        }
        return new Write(clusters.get(index - 1), new String(value.getValue(), StandardCharsets.US_ASCII));
    }

    private final class Table extends DefaultMOTable<DefaultMOTableRow, MOColumn,
        DefaultMOMutableTableModel<DefaultMOTableRow>> {

        Table(MOColumn[] columns, DefaultMOMutableTableModel<DefaultMOTableRow> rows) {
            super(LcmsMib.LCMS_FAILOVER_POLICY_ENTRY, new MOTableIndex(new MOTableSubIndex[] {
                new MOTableSubIndex(SMIConstants.SYNTAX_GAUGE32)}, false), columns, rows);
            setVolatile(true);
        }

        @Override
        public void prepare(SubRequest<?> request) {
            Object checked = check(request);
            if (checked instanceof Integer error) {
                request.getStatus().setErrorStatus(error);
                return;
            }
            Write w = (Write) checked;
            FailoverPolicies.Check c = policies.check(w.cluster(), w.text());
            if (c instanceof FailoverPolicies.Check.Fine fine) {
                request.setUserObject(new Pending(w, fine.policy()));
                request.completed();
                return;
            }
            policies.refused(w.cluster(), w.text(), FailoverPolicies.reason(c));
            request.getStatus().setErrorStatus(c instanceof FailoverPolicies.Check.Malformed ? PDU.wrongValue
                : PDU.inconsistentValue);
        }

        @Override
        public void commit(SubRequest<?> request) {
            if (request.getUserObject() instanceof Pending pending) {
                Write w = pending.write();
                try {
                    policies.apply(w.cluster(), pending.policy());
                } catch (RuntimeException e) {
                    policies.refused(w.cluster(), w.text(), "could not be applied: " + e.getMessage());
                    request.getStatus().setErrorStatus(PDU.commitFailed);
                    return;
                }
            }
            request.completed();
        }

        @Override
        public void undo(SubRequest<?> request) {
            request.completed();
        }

        @Override
        public void cleanup(SubRequest<?> request) {
            request.completed();
        }
    }
}
