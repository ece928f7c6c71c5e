package org.lcms.agent.snmp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.lcms.agent.failover.FailoverRuntime;
import org.lcms.failover.core.VipElection;
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
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;

/**
 * lcmsFailoverTable: what this agent's failover decided for each cluster (read from {@link FailoverRuntime} when a
 * request touches the table) and the operator's hand-over, lcmsFailoverHandOverTo.
 *
 * <pre>
 * SET of                       check (prepare)                                     answer
 * another column               -                                                   notWritable
 * a row that does not exist    -                                                   noCreation
 * lcmsFailoverHandOverTo       not an OCTET STRING                                 wrongType
 *                              empty or longer than 64                             wrongLength
 *                              not printable ASCII                                 wrongValue
 *                              the failover refuses (not the holder, not a ready   inconsistentValue; the reason
 *                              member, ...): {@link FailoverRuntime#handOverRefusal} in lcmsFailoverHandOverResult
 * commit                       {@link FailoverRuntime#handOver}; refused after all  commitFailed (nothing changed)
 *                              (the cluster moved since the check)
 * undo                         nothing to undo: the hand-over is the last step and is only a request
 * </pre>
 */
final class FailoverMib implements MOServerLookupListener {
    private static final Logger LOG = Logger.getLogger(FailoverMib.class.getName());
    static final int HAND_OVER_TO = 12;
    private static final int[] SYNTAXES = {
        SMIConstants.SYNTAX_OCTET_STRING, SMIConstants.SYNTAX_INTEGER32, SMIConstants.SYNTAX_INTEGER32,
        SMIConstants.SYNTAX_OCTET_STRING, SMIConstants.SYNTAX_GAUGE32, SMIConstants.SYNTAX_GAUGE32,
        SMIConstants.SYNTAX_GAUGE32, SMIConstants.SYNTAX_GAUGE32, SMIConstants.SYNTAX_OCTET_STRING,
        SMIConstants.SYNTAX_INTEGER32, SMIConstants.SYNTAX_OCTET_STRING, SMIConstants.SYNTAX_OCTET_STRING};

    private final Supplier<Optional<FailoverRuntime>> failover;
    private final DefaultMOMutableTableModel<DefaultMOTableRow> model = new DefaultMOMutableTableModel<>();
    private final Table table;
    /** Cluster ids by row index as last shown. */
    private volatile List<String> clusters = List.of();
    /**
     * When the rows were last rebuilt (System.nanoTime()); a GETBULK looks the table up once per varbind, so the
     * rows are reused for {@link #MAX_AGE_NANOS} unless a SET came in since (its result must read back at once).
     */
    private long builtAt;
    private boolean built;
    private volatile boolean written;
    static final long MAX_AGE_NANOS = 20_000_000;

    FailoverMib(Supplier<Optional<FailoverRuntime>> failover) {
        this.failover = failover;
        MOColumn[] columns = new MOColumn[SYNTAXES.length];
        for (int i = 0; i < SYNTAXES.length; i++) {
            columns[i] = new MOColumn<>(i + 2, SYNTAXES[i], i + 2 == HAND_OVER_TO ? MOAccessImpl.ACCESS_READ_WRITE
                : MOAccessImpl.ACCESS_READ_ONLY);
        }
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

    /** Rebuilds the rows from the failover (a round trip to its thread), at most every 20 ms unless a SET came. */
    private synchronized void refresh() {
        long now = System.nanoTime();
        if (built && !written && now - builtAt < MAX_AGE_NANOS) {
            return;
        }
        built = true;
        written = false;
        builtAt = now;
        model.clear();
        Optional<FailoverRuntime> f = failover.get();
        if (f.isEmpty()) {
            clusters = List.of();
            return;
        }
        List<FailoverRuntime.ClusterStatus> all;
        try {
            all = f.get().status();
        } catch (IllegalStateException e) {
            LOG.warning("lcmsFailoverTable left empty: " + e.getMessage());
            return;
        }
        clusters = all.stream().map(FailoverRuntime.ClusterStatus::cluster).toList();
        for (int i = 0; i < all.size(); i++) {
            model.addRow(new DefaultMOTableRow(new OID(new int[] {i + 1}), row(all.get(i))));
        }
    }

    static Variable[] row(FailoverRuntime.ClusterStatus c) {
        Optional<VipElection.Status> e = c.election();
        int state = e.map(s -> switch (s.role()) {
            case STANDBY -> LcmsMib.FAILOVER_STANDBY;
            case CANDIDATE -> LcmsMib.FAILOVER_CANDIDATE;
            case HOLDER -> LcmsMib.FAILOVER_HOLDER;
        }).orElse(LcmsMib.FAILOVER_WITNESS);
        return new Variable[] {
            new OctetString(c.cluster()),
            new Integer32(c.rank()),
            new Integer32(state),
            new OctetString(e.map(VipElection.Status::holder).orElse("")),
            RefreshedTable.gauge(e.map(VipElection.Status::epoch).orElse(0L)),
            RefreshedTable.gauge(e.map(VipElection.Status::leaseRemainingMillis).orElse(0L)),
            RefreshedTable.gauge(e.map(VipElection.Status::reach).orElse(0)),
            new UnsignedInteger32(c.witnesses()),
            new OctetString(RoleGroup.truncate(String.join(",", e.map(VipElection.Status::ready).orElse(List.of())))),
            new Integer32(e.map(VipElection.Status::pinned).orElse(false) ? 1 : 2),
            new OctetString(e.map(VipElection.Status::handOverTo).orElse("")),
            new OctetString(RoleGroup.truncate(c.handOverResult()))};
    }

    /** The cluster of a lcmsFailoverHandOverTo instance OID and the target written; errors as SNMP status. */
    private record Write(String cluster, String target) {
    }

    private Object check(SubRequest<?> sub) {
        OID oid = sub.getVariableBinding().getOid();
        OID entry = LcmsMib.LCMS_FAILOVER_ENTRY;
        if (oid.size() != entry.size() + 2 || !oid.startsWith(entry)) {
            return PDU.noCreation;
        }
        int column = oid.get(entry.size());
        int index = oid.get(entry.size() + 1);
        List<String> shown = clusters;
        if (column < 2 || column > 13) {
            return PDU.noCreation;
        }
        if (index < 1 || index > shown.size()) {
            return PDU.noCreation;
        }
        if (column != HAND_OVER_TO) {
            return PDU.notWritable;
        }
        if (!(sub.getVariableBinding().getVariable() instanceof OctetString value)) {
            return PDU.wrongType;
        }
        if (value.length() < 1 || value.length() > 64) {
            return PDU.wrongLength;
        }
        for (byte b : value.getValue()) {
            if (b < 0x21 || b > 0x7e) {
                return PDU.wrongValue;
            }
        }
        return new Write(shown.get(index - 1), new String(value.getValue(), StandardCharsets.US_ASCII));
    }

    private final class Table extends DefaultMOTable<DefaultMOTableRow, MOColumn,
        DefaultMOMutableTableModel<DefaultMOTableRow>> {

        Table(MOColumn[] columns, DefaultMOMutableTableModel<DefaultMOTableRow> rows) {
            super(LcmsMib.LCMS_FAILOVER_ENTRY, new MOTableIndex(new MOTableSubIndex[] {
                new MOTableSubIndex(SMIConstants.SYNTAX_GAUGE32)}, false), columns, rows);
            setVolatile(true);
        }

        @Override
        public void prepare(SubRequest<?> request) {
            written = true;
            Object checked = check(request);
            if (checked instanceof Integer error) {
                request.getStatus().setErrorStatus(error);
                return;
            }
            Write w = (Write) checked;
            Optional<String> refused;
            try {
                refused = failover.get().orElseThrow().handOverRefusal(w.cluster(), w.target());
            } catch (RuntimeException e) {
                refused = Optional.of(e.getMessage());
            }
            if (refused.isPresent()) {
                // an SNMP error carries no text: the reason is kept for lcmsFailoverHandOverResult
                String reason = refused.get();
                failover.get().ifPresent(f -> f.noteRefusal(w.cluster(), reason));
                request.getStatus().setErrorStatus(PDU.inconsistentValue);
                return;
            }
            request.setUserObject(w);
            request.completed();
        }

        @Override
        public void commit(SubRequest<?> request) {
            written = true;
            if (request.getUserObject() instanceof Write w) {
                Optional<String> refused;
                try {
                    refused = failover.get().orElseThrow().handOver(w.cluster(), w.target());
                } catch (RuntimeException e) {
                    refused = Optional.of(e.getMessage());
                }
                if (refused.isPresent()) {
                    LOG.warning("hand-over of " + w.cluster() + " to " + w.target() + " refused at commit "
                        + "(commitFailed): " + refused.get());
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
