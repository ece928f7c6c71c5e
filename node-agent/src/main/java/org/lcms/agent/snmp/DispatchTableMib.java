package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import static org.lcms.mib.LcmsMib.scalar;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.DispatchTableDriver;
import org.lcms.agent.dispatch.DispatchTableException;
import org.lcms.agent.dispatch.Protocol;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.Scheduler;
import org.lcms.agent.dispatch.VirtualService;
import org.snmp4j.PDU;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.DefaultMOMutableTableModel;
import org.snmp4j.agent.mo.DefaultMOTable;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOColumn;
import org.snmp4j.agent.mo.MOTableIndex;
import org.snmp4j.agent.mo.MOTableRow;
import org.snmp4j.agent.mo.MOTableSubIndex;
import org.snmp4j.agent.request.Request;
import org.snmp4j.agent.request.SubRequest;
import org.snmp4j.smi.Counter32;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * lcmsVsTable and lcmsRsTable: the SNMP face of the {@link DispatchTable}. snmp4j-agent serves the reads
 * (GET/GETNEXT/GETBULK over rows rebuilt after each change); the SET path is ours, because a row's outcome
 * depends on the whole request (an rs row may be created with its vs row; a vs destroy takes its rs rows along;
 * duplicates are checked across rows).
 *
 * <p>A SET is planned once, when its first varbind of these tables is prepared: every varbind of the two tables
 * is decoded and checked, rows are built (RowStatus, RFC 2579) and the resulting table is computed by the pure
 * model. Errors, all in the prepare phase, so a refused request changes nothing:
 * <pre>
 * what                                                            error             why
 * value of the wrong SMI type                                     wrongType         RFC 3416
 * InetAddress not 4 or 16 octets                                   wrongLength       the compliance's SIZE (4|16)
 * InetAddress of 4/16 octets that disagrees with the address type  inconsistentValue RFC 4001 InetAddress TC
 * address type not ipv4/ipv6, port 0, weight &gt; 65535, protocol   wrongValue        outside the (compliance)
 *   or scheduler or status outside its enumeration, RowStatus              syntax: never assignable
 *   notReady(3) or not 1..6
 * index 0, &gt; 65535 or malformed                                  noCreation        such a row can never exist
 * read-only column                                                notWritable       RFC 3416
 * rs row for a vs index that does not exist (nor is created in     inconsistentName  RFC 3416 4.2.5 (4): could be
 *   the same request); any column of a missing row without its                     created in other circumstances
 *   RowStatus                                                                       (once the vs row exists)
 * duplicate address+port (and protocol) in one vs / in the table,  inconsistentValue the value is valid alone but
 *   rs port or address family other than the vs's, address/port                    not with the table's other
 *   of an active row changed, createAndGo/createAndWait on an                       values (RFC 2579 for RowStatus)
 *   existing row, active/notInService on a missing or incomplete
 *   row, createAndGo without address type/address/port, the host
 *   is not a load balancer or an active backup server, the
 *   request also writes lcmsRoleType
 * </pre>
 * Commit applies the planned table to the {@link DispatchTableDriver} (when the role dispatches) and swaps it in;
 * a driver failure answers commitFailed and keeps the old table. Then: lcmsRsStatusChanges, lcmsRsLastChange,
 * lcmsVsLastChange, an lcmsRealServerStateChange per changed rsStatus, and the state is persisted.
 */
final class DispatchTableMib {
    private static final Logger LOG = Logger.getLogger(DispatchTableMib.class.getName());

    // column ids (LCMS-MIB)
    static final int VS_ADDRESS_TYPE = 2;
    static final int VS_ADDRESS = 3;
    static final int VS_PORT = 4;
    static final int VS_PROTOCOL = 5;
    static final int VS_SCHEDULER = 6;
    static final int VS_LAST_CHANGE = 7;
    static final int VS_ROW_STATUS = 8;
    static final int RS_ADDRESS_TYPE = 2;
    static final int RS_ADDRESS = 3;
    static final int RS_PORT = 4;
    static final int RS_WEIGHT = 5;
    static final int RS_STATUS = 6;
    static final int RS_ACTIVE_CONNECTIONS = 7;
    static final int RS_INACTIVE_CONNECTIONS = 8;
    static final int RS_LAST_CHANGE = 9;
    static final int RS_STATUS_CHANGES = 10;
    static final int RS_ROW_STATUS = 11;
    static final int RS_EFFECTIVE_STATUS = 12;
    static final int RS_EFFECTIVE_WEIGHT = 13;
    static final int RS_HEALTH_REASON = 14;

    // RowStatus (RFC 2579)
    static final int ACTIVE = 1;
    static final int NOT_IN_SERVICE = 2;
    static final int NOT_READY = 3;
    static final int CREATE_AND_GO = 4;
    static final int CREATE_AND_WAIT = 5;
    static final int DESTROY = 6;

    /** What the agent is told after a committed change. */
    interface Listener {
        /** The table changed (persist it). */
        void committed(DispatchTable table);

        /** lcmsRsStatus of a row changed: send lcmsRealServerStateChange with these varbinds. */
        void realServerStateChanged(VariableBinding[] varbinds);
    }

    private final DispatchTableDriver driver;
    private final LongSupplier sysUpTime;
    private final Supplier<Optional<String>> writeRefusal;
    private final Supplier<OctetString> clusterId;
    private final Listener listener;

    private final DefaultMOMutableTableModel<MOTableRow> vsModel = new DefaultMOMutableTableModel<>();
    private final DefaultMOMutableTableModel<MOTableRow> rsModel = new DefaultMOMutableTableModel<>();
    private final Table vsTable;
    private final Table rsTable;

    // Guarded by this.
    private DispatchTable table;
    private boolean dispatching;
    /** notReady rows (createAndWait without every required column): column id -> value. Never in the model. */
    private final Map<OID, Map<Integer, Variable>> vsDrafts = new TreeMap<>();
    private final Map<OID, Map<Integer, Variable>> rsDrafts = new TreeMap<>();
    private final Map<OID, Long> vsLastChange = new HashMap<>();
    private final Map<OID, long[]> rsStats = new HashMap<>(); // {lastChange, statusChanges}
    private final Map<Request<?, ?, ?>, Plan> plans = new WeakHashMap<>();

    DispatchTableMib(DispatchTable initial, DispatchTableDriver driver, LongSupplier sysUpTime,
                     Supplier<Optional<String>> writeRefusal, Supplier<OctetString> clusterId, Listener listener) {
        this.table = initial;
        this.driver = driver;
        this.sysUpTime = sysUpTime;
        this.writeRefusal = writeRefusal;
        this.clusterId = clusterId;
        this.listener = listener;
        vsTable = new Table(LcmsMib.LCMS_VS_ENTRY, 1, new int[][] {
            {VS_ADDRESS_TYPE, SMIConstants.SYNTAX_INTEGER32}, {VS_ADDRESS, SMIConstants.SYNTAX_OCTET_STRING},
            {VS_PORT, SMIConstants.SYNTAX_GAUGE32}, {VS_PROTOCOL, SMIConstants.SYNTAX_INTEGER32},
            {VS_SCHEDULER, SMIConstants.SYNTAX_INTEGER32}, {VS_LAST_CHANGE, SMIConstants.SYNTAX_TIMETICKS},
            {VS_ROW_STATUS, SMIConstants.SYNTAX_INTEGER32}}, vsModel);
        rsTable = new Table(LcmsMib.LCMS_RS_ENTRY, 2, new int[][] {
            {RS_ADDRESS_TYPE, SMIConstants.SYNTAX_INTEGER32}, {RS_ADDRESS, SMIConstants.SYNTAX_OCTET_STRING},
            {RS_PORT, SMIConstants.SYNTAX_GAUGE32}, {RS_WEIGHT, SMIConstants.SYNTAX_GAUGE32},
            {RS_STATUS, SMIConstants.SYNTAX_INTEGER32}, {RS_ACTIVE_CONNECTIONS, SMIConstants.SYNTAX_GAUGE32},
            {RS_INACTIVE_CONNECTIONS, SMIConstants.SYNTAX_GAUGE32}, {RS_LAST_CHANGE, SMIConstants.SYNTAX_TIMETICKS},
            {RS_STATUS_CHANGES, SMIConstants.SYNTAX_COUNTER32}, {RS_ROW_STATUS, SMIConstants.SYNTAX_INTEGER32},
            {RS_EFFECTIVE_STATUS, SMIConstants.SYNTAX_INTEGER32}, {RS_EFFECTIVE_WEIGHT, SMIConstants.SYNTAX_GAUGE32},
            {RS_HEALTH_REASON, SMIConstants.SYNTAX_OCTET_STRING}}, rsModel);
        synchronized (this) {
            refreshViews();
        }
    }

    void register(MOServer server, OctetString context) throws DuplicateRegistrationException {
        server.register(vsTable, context);
        server.register(rsTable, context);
    }

    synchronized DispatchTable table() {
        return table;
    }

    /**
     * The role changed: a load balancer (or active backup) dispatches its table; a standby backup keeps its rows
     * out of the data plane; any other role has an empty table (LCMS-MIB: empty on other roles).
     *
     * @return whether the table was emptied (the caller persists)
     */
    synchronized boolean roleChanged(boolean dispatches, boolean keepsRows) {
        boolean emptied = false;
        if (!keepsRows && !table.isEmpty()) {
            table = DispatchTable.EMPTY;
            vsDrafts.clear();
            rsDrafts.clear();
            emptied = true;
        }
        dispatching = dispatches;
        try {
            driver.apply(dispatches ? table.inService() : DispatchTable.EMPTY);
        } catch (DispatchTableDriver.DispatchDriverException e) {
            LOG.log(Level.SEVERE, "dispatch table not applied after the role change: " + e.getMessage()
                + "; check the data plane (ipvsadm -Ln) by hand");
        }
        if (!dispatches && !table.isEmpty()) {
            driver.prepare(table.inService()); // a standby keeping rows: a takeover applies them
        }
        refreshViews();
        return emptied;
    }

    // ------------------------------------------------------------------------------------------- planning

    /** One varbind of these tables, decoded. */
    private record Cell(SubRequest<?> sub, boolean vs, int column, OID index, Variable value) {
    }

    /** The outcome of one SET request for the two tables. */
    private static final class Plan {
        final Map<SubRequest<?>, Integer> errors = new HashMap<>();
        List<Cell> cells = List.of();
        Outcome outcome;
        boolean committed;
        Outcome before;
    }

    /** Table, drafts and the rows whose columns changed, as a request leaves them. */
    private record Outcome(DispatchTable table, Map<OID, Map<Integer, Variable>> vsDrafts,
                           Map<OID, Map<Integer, Variable>> rsDrafts, List<OID> changedVs, List<OID> changedRs,
                           String reason) {
    }

    /** A failure found while planning: the error status and the varbind it belongs to. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SubRequest<?> sub;
        final int status;

        Refused(SubRequest<?> sub, int status, String message) {
            super(message, null, false, false);
            this.sub = sub;
            this.status = status;
        }
    }

    private synchronized Plan plan(SubRequest<?> sub) {
        Request<?, ?, ?> request = sub.getRequest();
        Plan plan = plans.get(request);
        if (plan != null) {
            return plan;
        }
        plan = new Plan();
        plans.put(request, plan);
        List<Cell> cells = new ArrayList<>();
        boolean writesRole = false;
        for (Iterator<?> it = request.iterator(); it.hasNext(); ) {
            SubRequest<?> s = (SubRequest<?>) it.next();
            OID oid = s.getVariableBinding().getOid();
            if (oid.startsWith(LcmsMib.LCMS_VS_ENTRY)) {
                cells.add(cell(s, true, oid.getSuffix(LcmsMib.LCMS_VS_ENTRY)));
            } else if (oid.startsWith(LcmsMib.LCMS_RS_ENTRY)) {
                cells.add(cell(s, false, oid.getSuffix(LcmsMib.LCMS_RS_ENTRY)));
            } else if (oid.equals(scalar(LcmsMib.LCMS_ROLE_TYPE))) {
                writesRole = true;
            }
        }
        plan.cells = cells;
        try {
            Optional<String> refusal = writesRole ? Optional.of("the request also writes lcmsRoleType; set the "
                + "role first, then the dispatch table, in separate requests") : writeRefusal.get();
            if (refusal.isPresent()) {
                throw new Refused(cells.get(0).sub(), PDU.inconsistentValue, refusal.get());
            }
            plan.outcome = outcome(cells);
        } catch (Refused r) {
            plan.errors.put(r.sub, r.status);
            LOG.info(() -> "SET refused (" + PDU.toErrorStatusText(r.status) + " at "
                + r.sub.getVariableBinding().getOid() + "): " + r.getMessage());
        }
        return plan;
    }

    /** Splits COLUMN.INDEX; a malformed index is kept as null (noCreation). */
    private static Cell cell(SubRequest<?> s, boolean vs, OID suffix) {
        int column = suffix.size() > 0 ? suffix.get(0) : -1;
        OID index = suffix.size() > 1 ? new OID(suffix.getValue(), 1, suffix.size() - 1) : null;
        if (index != null) {
            int n = vs ? 1 : 2;
            boolean valid = index.size() == n;
            for (int i = 0; valid && i < n; i++) {
                valid = index.getUnsigned(i) >= 1 && index.getUnsigned(i) <= 65535;
            }
            if (!valid) {
                index = null;
            }
        }
        return new Cell(s, vs, column, index, s.getVariableBinding().getVariable());
    }

    /** Computes what the request does to the current table (under the lock). */
    private Outcome outcome(List<Cell> cells) throws Refused {
        // column checks first: they do not depend on any row
        Map<OID, Map<Integer, Cell>> vsRows = new LinkedHashMap<>();
        Map<OID, Map<Integer, Cell>> rsRows = new LinkedHashMap<>();
        for (Cell c : cells) {
            checkColumn(c);
            (c.vs() ? vsRows : rsRows).computeIfAbsent(c.index(), k -> new LinkedHashMap<>()).put(c.column(), c);
        }
        DispatchTable t = table;
        Map<OID, Map<Integer, Variable>> vd = new TreeMap<>(vsDrafts);
        Map<OID, Map<Integer, Variable>> rd = new TreeMap<>(rsDrafts);
        List<OID> changedVs = new ArrayList<>();
        List<OID> changedRs = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (Map.Entry<OID, Map<Integer, Cell>> row : new TreeMap<>(vsRows).entrySet()) {
            int index = row.getKey().get(0);
            Map<Integer, Variable> current = t.virtualService(index).map(DispatchTableMib::vsColumns)
                .orElse(vd.get(row.getKey()));
            Step step = step(row.getValue(), current, VS_ROW_STATUS, vsDefaults(), List.of(VS_ADDRESS_TYPE,
                VS_ADDRESS, VS_PORT), t.virtualService(index).map(VirtualService::inService).orElse(false),
                "virtual service " + index);
            vd.remove(row.getKey());
            if (step.destroy()) {
                t = t.withoutVirtualService(index);
                for (RealServer rs : table.realServersOf(index)) {
                    rd.remove(rsIndex(rs.vsIndex(), rs.index()));
                }
                rd.keySet().removeIf(k -> k.get(0) == index);
                what.add("destroyed virtual service " + index);
            } else if (step.draft()) {
                vd.put(row.getKey(), step.values());
            } else {
                VirtualService vs = virtualService(index, step.values(), step.inService(), row.getValue());
                DispatchTable base = t;
                t = apply(() -> base.withVirtualService(vs), statusCell(row.getValue(), VS_ROW_STATUS));
                changedVs.add(row.getKey());
                what.add("set " + vs);
            }
        }
        for (Map.Entry<OID, Map<Integer, Cell>> row : new TreeMap<>(rsRows).entrySet()) {
            int vsIndex = row.getKey().get(0);
            int index = row.getKey().get(1);
            Optional<RealServer> existing = t.realServer(vsIndex, index);
            Map<Integer, Variable> current = existing.map(DispatchTableMib::rsColumns).orElse(rd.get(row.getKey()));
            Cell first = statusCell(row.getValue(), RS_ROW_STATUS);
            if (current == null && t.virtualService(vsIndex).isEmpty() && !vd.containsKey(new OID(new int[] {vsIndex}))
                && !isDestroy(row.getValue().get(RS_ROW_STATUS))) {
                throw new Refused(first.sub(), PDU.inconsistentName, "real server " + vsIndex + "." + index
                    + ": there is no virtual service " + vsIndex + "; create the lcmsVsTable row first (or in the "
                    + "same request)");
            }
            Step step = step(row.getValue(), current, RS_ROW_STATUS, rsDefaults(), List.of(RS_ADDRESS_TYPE,
                RS_ADDRESS, RS_PORT), existing.map(RealServer::inService).orElse(false),
                "real server " + vsIndex + "." + index);
            rd.remove(row.getKey());
            if (step.destroy()) {
                t = t.withoutRealServer(vsIndex, index);
                what.add("destroyed real server " + vsIndex + "." + index);
            } else if (step.draft()) {
                rd.put(row.getKey(), step.values());
            } else {
                RealServer rs = realServer(vsIndex, index, step.values(), step.inService(), row.getValue());
                DispatchTable base = t;
                t = apply(() -> base.withRealServer(rs), first);
                changedRs.add(row.getKey());
                what.add("set " + rs + " weight " + rs.weight() + " " + rs.status());
            }
        }
        return new Outcome(t, vd, rd, changedVs, changedRs, String.join("; ", what));
    }

    private interface Change {
        DispatchTable get() throws DispatchTableException;
    }

    private static DispatchTable apply(Change change, Cell cell) throws Refused {
        try {
            return change.get();
        } catch (DispatchTableException e) {
            int status = switch (e.kind()) {
                case OUT_OF_RANGE -> PDU.wrongValue;
                case CONFLICT -> PDU.inconsistentValue;
                case NO_VIRTUAL_SERVICE -> PDU.inconsistentName;
            };
            throw new Refused(cell.sub(), status, e.getMessage());
        }
    }

    private record Step(boolean destroy, boolean draft, boolean inService, Map<Integer, Variable> values) {
    }

    /**
     * RowStatus (RFC 2579) for one row of one request.
     *
     * @param current the row's column values, null if the row does not exist
     */
    private static Step step(Map<Integer, Cell> cells, Map<Integer, Variable> current, int statusColumn,
                             Map<Integer, Variable> defaults, List<Integer> required, boolean wasInService,
                             String row) throws Refused {
        Cell statusCell = cells.get(statusColumn);
        Cell any = statusCell(cells, statusColumn);
        int action = statusCell == null ? 0 : ((Integer32) statusCell.value()).getValue();
        boolean exists = current != null;
        boolean complete = exists && current.keySet().containsAll(required);
        if (action == DESTROY) {
            return new Step(true, false, false, Map.of());
        }
        if (!exists && action == 0) {
            throw new Refused(any.sub(), PDU.inconsistentName, row + " does not exist; create it with its "
                + "RowStatus column set to createAndGo(4) or createAndWait(5)");
        }
        if (exists && (action == CREATE_AND_GO || action == CREATE_AND_WAIT)) {
            throw new Refused(statusCell.sub(), PDU.inconsistentValue, row + " exists already; destroy(6) it "
                + "first or set its columns");
        }
        if (!exists && (action == ACTIVE || action == NOT_IN_SERVICE)) {
            throw new Refused(statusCell.sub(), PDU.inconsistentValue, row + " does not exist; create it with "
                + "createAndGo(4) or createAndWait(5)");
        }
        Map<Integer, Variable> values = new TreeMap<>(exists ? current : defaults);
        cells.forEach((column, cell) -> {
            if (column != statusColumn) {
                values.put(column, cell.value());
            }
        });
        boolean nowComplete = values.keySet().containsAll(required);
        if (!nowComplete) {
            if (action == CREATE_AND_WAIT || (exists && !complete && action == 0)) {
                return new Step(false, true, false, values);
            }
            List<Integer> missing = new ArrayList<>(required);
            missing.removeAll(values.keySet());
            throw new Refused(statusCell.sub(), PDU.inconsistentValue, row + " cannot become active: columns "
                + missing + " are not set; send them in the same request");
        }
        boolean inService = switch (action) {
            case ACTIVE, CREATE_AND_GO -> true;
            case NOT_IN_SERVICE, CREATE_AND_WAIT -> false;
            default -> complete && wasInService; // a column change keeps the row's state; a completed draft
            // becomes notInService (RFC 2579 note 1)
        };
        return new Step(false, false, inService, values);
    }

    private static boolean isDestroy(Cell status) {
        return status != null && ((Integer32) status.value()).getValue() == DESTROY;
    }

    /** The row's RowStatus varbind if the request has one, else its first varbind: where row errors go. */
    private static Cell statusCell(Map<Integer, Cell> cells, int statusColumn) {
        Cell status = cells.get(statusColumn);
        return status != null ? status : cells.values().iterator().next();
    }

    /** Syntax and range of one varbind, without looking at any row. */
    private void checkColumn(Cell c) throws Refused {
        if (c.index() == null) {
            throw new Refused(c.sub(), PDU.noCreation, c.sub().getVariableBinding().getOid() + " is not an "
                + "instance of " + (c.vs() ? "lcmsVsTable" : "lcmsRsTable") + " (index 1..65535"
                + (c.vs() ? ")" : " for lcmsVsIndex and lcmsRsIndex)"));
        }
        Table t = c.vs() ? vsTable : rsTable;
        Integer syntax = t.syntax.get(c.column());
        if (syntax == null) {
            throw new Refused(c.sub(), PDU.noCreation, "no column " + c.column());
        }
        boolean writable = c.vs() ? c.column() != VS_LAST_CHANGE
            : c.column() <= RS_STATUS || c.column() == RS_ROW_STATUS;
        if (!writable) {
            throw new Refused(c.sub(), PDU.notWritable, "column " + c.column() + " is read-only");
        }
        if (c.value().getSyntax() != syntax) {
            throw new Refused(c.sub(), PDU.wrongType, "column " + c.column() + " takes " + syntax);
        }
        long v = c.value() instanceof Integer32 i ? i.getValue()
            : c.value() instanceof UnsignedInteger32 u ? u.getValue() : 0;
        int column = c.column();
        String bad = null;
        int status = PDU.wrongValue;
        if (column == VS_ADDRESS_TYPE) { // == RS_ADDRESS_TYPE
            bad = v == LcmsMib.INET_IPV4 || v == LcmsMib.INET_IPV6 ? null : "address type " + v
                + " (only ipv4(1) and ipv6(2))";
        } else if (column == VS_ADDRESS) { // == RS_ADDRESS
            int length = ((OctetString) c.value()).length();
            bad = length == 4 || length == 16 ? null : "address of " + length + " octets (4 for IPv4, 16 for IPv6)";
            status = PDU.wrongLength;
        } else if (column == VS_PORT) { // == RS_PORT
            bad = v >= 1 && v <= 65535 ? null : "port " + v + " (1..65535)";
        } else if (c.vs() && column == VS_PROTOCOL) {
            bad = Protocol.ofMib((int) v).isPresent() ? null : "protocol " + v + " (tcp(6) or udp(17))";
        } else if (c.vs() && column == VS_SCHEDULER) {
            bad = Scheduler.ofMib((int) v).isPresent() ? null : "scheduler " + v + " (rr(1) .. sh(5))";
        } else if (!c.vs() && column == RS_WEIGHT) {
            bad = v <= 65535 ? null : "weight " + v + " (0..65535)";
        } else if (!c.vs() && column == RS_STATUS) {
            bad = RealServerStatus.ofMib((int) v).isPresent() ? null : "status " + v + " (up(1), down(2), "
                + "draining(3))";
        } else if (column == (c.vs() ? VS_ROW_STATUS : RS_ROW_STATUS)) {
            bad = v >= 1 && v <= 6 && v != NOT_READY ? null : "RowStatus " + v + " (notReady(3) cannot be set)";
        }
        if (bad != null) {
            throw new Refused(c.sub(), status, "column " + column + ": " + bad);
        }
    }

    private static Map<Integer, Variable> vsDefaults() {
        Map<Integer, Variable> d = new TreeMap<>();
        d.put(VS_PROTOCOL, new Integer32(Protocol.TCP.mibValue()));
        d.put(VS_SCHEDULER, new Integer32(Scheduler.WLC.mibValue()));
        return d;
    }

    private static Map<Integer, Variable> rsDefaults() {
        Map<Integer, Variable> d = new TreeMap<>();
        d.put(RS_WEIGHT, new UnsignedInteger32(RealServer.DEFAULT_WEIGHT));
        d.put(RS_STATUS, new Integer32(RealServerStatus.UP.mibValue()));
        return d;
    }

    private static Map<Integer, Variable> vsColumns(VirtualService vs) {
        Map<Integer, Variable> m = new TreeMap<>();
        m.put(VS_ADDRESS_TYPE, new Integer32(addressType(vs.address())));
        m.put(VS_ADDRESS, new OctetString(vs.address().getAddress()));
        m.put(VS_PORT, new UnsignedInteger32(vs.port()));
        m.put(VS_PROTOCOL, new Integer32(vs.protocol().mibValue()));
        m.put(VS_SCHEDULER, new Integer32(vs.scheduler().mibValue()));
        return m;
    }

    private static Map<Integer, Variable> rsColumns(RealServer rs) {
        Map<Integer, Variable> m = new TreeMap<>();
        m.put(RS_ADDRESS_TYPE, new Integer32(addressType(rs.address())));
        m.put(RS_ADDRESS, new OctetString(rs.address().getAddress()));
        m.put(RS_PORT, new UnsignedInteger32(rs.port()));
        m.put(RS_WEIGHT, new UnsignedInteger32(rs.weight()));
        m.put(RS_STATUS, new Integer32(rs.status().mibValue()));
        return m;
    }

    private static VirtualService virtualService(int index, Map<Integer, Variable> v, boolean inService,
                                                 Map<Integer, Cell> cells) throws Refused {
        InetAddress address = address(v.get(VS_ADDRESS_TYPE), v.get(VS_ADDRESS), cells, VS_ADDRESS,
            "virtual service " + index);
        return new VirtualService(index, address, (int) ((UnsignedInteger32) v.get(VS_PORT)).getValue(),
            Protocol.ofMib(((Integer32) v.get(VS_PROTOCOL)).getValue()).orElseThrow(),
            Scheduler.ofMib(((Integer32) v.get(VS_SCHEDULER)).getValue()).orElseThrow(), inService);
    }

    private static RealServer realServer(int vsIndex, int index, Map<Integer, Variable> v, boolean inService,
                                         Map<Integer, Cell> cells) throws Refused {
        InetAddress address = address(v.get(RS_ADDRESS_TYPE), v.get(RS_ADDRESS), cells, RS_ADDRESS,
            "real server " + vsIndex + "." + index);
        return new RealServer(vsIndex, index, address, (int) ((UnsignedInteger32) v.get(RS_PORT)).getValue(),
            (int) ((UnsignedInteger32) v.get(RS_WEIGHT)).getValue(),
            RealServerStatus.ofMib(((Integer32) v.get(RS_STATUS)).getValue()).orElseThrow(), inService);
    }

    /** RFC 4001: an InetAddress that disagrees with its InetAddressType is inconsistentValue. */
    private static InetAddress address(Variable type, Variable address, Map<Integer, Cell> cells, int addressColumn,
                                       String row) throws Refused {
        byte[] bytes = ((OctetString) address).getValue();
        int t = ((Integer32) type).getValue();
        if ((t == LcmsMib.INET_IPV4 ? 4 : 16) != bytes.length) {
            Cell at = cells.containsKey(addressColumn) ? cells.get(addressColumn)
                : cells.getOrDefault(addressColumn - 1, cells.values().iterator().next());
            throw new Refused(at.sub(), PDU.inconsistentValue, row + ": an address of " + bytes.length
                + " octets does not match address type " + t + " (ipv4(1) takes 4 octets, ipv6(2) 16)");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 octets are always an address
        }
    }

    static int addressType(InetAddress a) {
        return a instanceof java.net.Inet6Address ? LcmsMib.INET_IPV6 : LcmsMib.INET_IPV4;
    }

    static OID rsIndex(int vs, int rs) {
        return new OID(new int[] {vs, rs});
    }

    // --------------------------------------------------------------------------------- the SET phases

    private void prepare(SubRequest<?> sub) {
        Plan plan = plan(sub);
        Integer error = plan.errors.get(sub);
        if (error != null) {
            sub.getStatus().setErrorStatus(error);
        } else {
            sub.completed();
        }
    }

    private void commit(SubRequest<?> sub) {
        List<VariableBinding[]> notifications = new ArrayList<>();
        DispatchTable committed = null;
        synchronized (this) {
            Plan plan = plans.get(sub.getRequest());
            if (plan == null || plan.committed || plan.outcome == null) {
                sub.completed();
                return;
            }
            plan.committed = true;
            Outcome o;
            try {
                o = outcome(plan.cells); // again: another request may have committed since the prepare
            } catch (Refused r) {
                LOG.warning("SET answered commitFailed: the table changed since the request was checked: "
                    + r.getMessage());
                sub.getStatus().setErrorStatus(PDU.commitFailed);
                return;
            }
            try {
                driver.apply(dispatching ? o.table().inService() : DispatchTable.EMPTY);
            } catch (DispatchTableDriver.DispatchDriverException e) {
                LOG.log(Level.WARNING, "dispatch table change not applied (SET answered commitFailed): "
                    + e.getMessage());
                sub.getStatus().setErrorStatus(PDU.commitFailed);
                return;
            }
            if (!dispatching) {
                driver.prepare(o.table().inService()); // a standby keeping rows: a takeover applies them
            }
            plan.before = new Outcome(table, new TreeMap<>(vsDrafts), new TreeMap<>(rsDrafts), List.of(), List.of(),
                "");
            DispatchTable old = table;
            install(o);
            long now = sysUpTime.getAsLong();
            o.changedVs().forEach(k -> vsLastChange.put(k, now));
            for (OID k : o.changedRs()) {
                RealServer rs = table.realServer(k.get(0), k.get(1)).orElseThrow();
                Optional<RealServer> was = old.realServer(k.get(0), k.get(1));
                long[] stats = rsStats.computeIfAbsent(k, x -> new long[2]);
                if (was.isEmpty() || was.get().weight() != rs.weight() || was.get().status() != rs.status()) {
                    stats[0] = now;
                }
                if (was.isPresent() && was.get().status() != rs.status()) {
                    stats[1]++;
                    notifications.add(stateChange(rs, was.get().status(), stats[1], "set by manager"));
                }
            }
            rsStats.keySet().removeIf(k -> table.realServer(k.get(0), k.get(1)).isEmpty());
            vsLastChange.keySet().removeIf(k -> table.virtualService(k.get(0)).isEmpty());
            refreshViews(); // again, with the new time stamps and counters
            committed = table;
            LOG.info("dispatch table: " + o.reason());
        }
        sub.completed();
        listener.committed(committed);
        notifications.forEach(listener::realServerStateChanged);
    }

    private synchronized void undo(SubRequest<?> sub) {
        Plan plan = plans.get(sub.getRequest());
        if (plan != null && plan.before != null) {
            Outcome before = plan.before;
            plan.before = null;
            try {
                driver.apply(dispatching ? before.table().inService() : DispatchTable.EMPTY);
            } catch (DispatchTableDriver.DispatchDriverException e) {
                LOG.log(Level.SEVERE, "undoing a dispatch table change failed: " + e.getMessage());
            }
            install(before);
        }
        sub.completed();
    }

    private void install(Outcome o) {
        table = o.table();
        vsDrafts.clear();
        vsDrafts.putAll(o.vsDrafts());
        rsDrafts.clear();
        rsDrafts.putAll(o.rsDrafts());
        refreshViews();
    }

    /**
     * A health check took a real server out of rotation or put it back: counted in lcmsRsStatusChanges and
     * lcmsRsLastChange like a change by the manager, and reported as lcmsRealServerStateChange with the status
     * the data plane has ({@code effective}). The table keeps the manager's status.
     */
    void healthChanged(RealServer effective, RealServerStatus previous, String reason) {
        VariableBinding[] varbinds;
        synchronized (this) {
            if (table.realServer(effective.vsIndex(), effective.index()).isEmpty()) {
                return; // removed by the manager meanwhile
            }
            long[] stats = rsStats.computeIfAbsent(rsIndex(effective.vsIndex(), effective.index()), x -> new long[2]);
            stats[0] = sysUpTime.getAsLong();
            stats[1]++;
            refreshViews();
            varbinds = stateChange(effective, previous, stats[1], reason);
        }
        listener.realServerStateChanged(varbinds);
    }

    /**
     * lcmsSorryServerOn / lcmsSorryServerOff's objects: the virtual service (as the data plane has it: the table
     * may have lost it meanwhile), the sorry server as lcmsNotifPeerAddress, the reason.
     */
    synchronized VariableBinding[] sorryServer(VirtualService vs, RealServer sorry, String reason) {
        List<VariableBinding> vbs = serviceVarbinds(vs);
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_PEER_ADDRESS_TYPE),
            new Integer32(addressType(sorry.address()))));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_PEER_ADDRESS), new OctetString(sorry.address().getAddress())));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_REASON), new OctetString(reason)));
        return vbs.toArray(VariableBinding[]::new);
    }

    /** lcmsRealServerWeightChange's objects: the row with its effective weight, the reason. */
    synchronized VariableBinding[] weightChange(VirtualService vs, RealServer rs, String reason) {
        OID r = rsIndex(rs.vsIndex(), rs.index());
        List<VariableBinding> vbs = serviceVarbinds(vs);
        vbs.addAll(serverVarbinds(rs));
        vbs.add(new VariableBinding(new OID(LcmsMib.LCMS_RS_WEIGHT).append(r), new UnsignedInteger32(rs.weight())));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_REASON), new OctetString(reason)));
        return vbs.toArray(VariableBinding[]::new);
    }

    private VariableBinding[] stateChange(RealServer rs, RealServerStatus previous, long changes, String reason) {
        OID r = rsIndex(rs.vsIndex(), rs.index());
        List<VariableBinding> vbs = serviceVarbinds(table.virtualService(rs.vsIndex()).orElseThrow());
        vbs.addAll(serverVarbinds(rs));
        vbs.addAll(List.of(
            new VariableBinding(new OID(LcmsMib.LCMS_RS_STATUS).append(r), new Integer32(rs.status().mibValue())),
            new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_PREVIOUS_RS_STATUS), new Integer32(previous.mibValue())),
            new VariableBinding(new OID(LcmsMib.LCMS_RS_WEIGHT).append(r), new UnsignedInteger32(rs.weight())),
            new VariableBinding(new OID(LcmsMib.LCMS_RS_STATUS_CHANGES).append(r), new Counter32(changes)),
            new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_REASON), new OctetString(reason))));
        return vbs.toArray(VariableBinding[]::new);
    }

    /** The cluster and the virtual service, as the RS manager's notifications begin (a list to add to). */
    private List<VariableBinding> serviceVarbinds(VirtualService vs) {
        OID v = new OID(new int[] {vs.index()});
        return new ArrayList<>(List.of(
            new VariableBinding(scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID), clusterId.get()),
            new VariableBinding(new OID(LcmsMib.LCMS_VS_ADDRESS_TYPE).append(v), new Integer32(addressType(vs.address()))),
            new VariableBinding(new OID(LcmsMib.LCMS_VS_ADDRESS).append(v), new OctetString(vs.address().getAddress())),
            new VariableBinding(new OID(LcmsMib.LCMS_VS_PORT).append(v), new UnsignedInteger32(vs.port())),
            new VariableBinding(new OID(LcmsMib.LCMS_VS_PROTOCOL).append(v), new Integer32(vs.protocol().mibValue()))));
    }

    /** The real server's address and port. */
    private static List<VariableBinding> serverVarbinds(RealServer rs) {
        OID r = rsIndex(rs.vsIndex(), rs.index());
        return List.of(
            new VariableBinding(new OID(LcmsMib.LCMS_RS_ADDRESS_TYPE).append(r), new Integer32(addressType(rs.address()))),
            new VariableBinding(new OID(LcmsMib.LCMS_RS_ADDRESS).append(r), new OctetString(rs.address().getAddress())),
            new VariableBinding(new OID(LcmsMib.LCMS_RS_PORT).append(r), new UnsignedInteger32(rs.port())));
    }

    // ------------------------------------------------------------------------------------------- reading

    /** Rebuilds the rows snmp4j-agent serves from the table and the drafts (under the lock). */
    private void refreshViews() {
        vsModel.clear();
        rsModel.clear();
        Map<OID, Variable[]> vs = new TreeMap<>();
        for (VirtualService s : table.virtualServices()) {
            OID index = new OID(new int[] {s.index()});
            vs.put(index, vsRow(vsColumns(s), vsLastChange.getOrDefault(index, 0L), s.inService() ? ACTIVE
                : NOT_IN_SERVICE));
        }
        vsDrafts.forEach((index, values) -> vs.put(index, vsRow(values, vsLastChange.getOrDefault(index, 0L),
            NOT_READY)));
        vs.forEach((index, values) -> vsModel.addRow(new Row(index, values, null, null)));
        Map<OID, Variable[]> rs = new TreeMap<>();
        Map<OID, RealServer> servers = new HashMap<>();
        for (RealServer s : table.realServers()) {
            OID index = rsIndex(s.vsIndex(), s.index());
            long[] stats = rsStats.getOrDefault(index, new long[2]);
            rs.put(index, rsRow(rsColumns(s), stats, s.inService() ? ACTIVE : NOT_IN_SERVICE));
            servers.put(index, s);
        }
        rsDrafts.forEach((index, values) -> rs.put(index, rsRow(values, new long[2], NOT_READY)));
        DispatchTable snapshot = table;
        rs.forEach((index, values) -> rsModel.addRow(servers.containsKey(index)
            ? new Row(index, values,
                () -> driver.connections(snapshot.virtualService(index.get(0)).orElseThrow(), servers.get(index)),
                () -> driver.effective(servers.get(index)))
            : new Row(index, values, null, null)));
    }

    private static Variable[] vsRow(Map<Integer, Variable> v, long lastChange, int rowStatus) {
        return new Variable[] {v.get(VS_ADDRESS_TYPE), v.get(VS_ADDRESS), v.get(VS_PORT), v.get(VS_PROTOCOL),
            v.get(VS_SCHEDULER), new TimeTicks(lastChange), new Integer32(rowStatus)};
    }

    private static Variable[] rsRow(Map<Integer, Variable> v, long[] stats, int rowStatus) {
        // the effective columns are read from the driver (Row); a draft has none (noSuchInstance)
        return new Variable[] {v.get(RS_ADDRESS_TYPE), v.get(RS_ADDRESS), v.get(RS_PORT), v.get(RS_WEIGHT),
            v.get(RS_STATUS), new UnsignedInteger32(0), new UnsignedInteger32(0), new TimeTicks(stats[0]),
            new Counter32(stats[1]), new Integer32(rowStatus), null, null, null};
    }

    /**
     * A served row; connection counts and the health-effective state are asked from the driver when read (health
     * changes them between the manager's writes). Unset draft columns read as noSuch.
     */
    private static final class Row implements MOTableRow {
        private final OID index;
        private final Variable[] values;
        private final Supplier<DispatchTableDriver.Connections> connections;
        private final Supplier<DispatchTableDriver.Effective> effective;

        Row(OID index, Variable[] values, Supplier<DispatchTableDriver.Connections> connections,
            Supplier<DispatchTableDriver.Effective> effective) {
            this.index = index;
            this.values = values;
            this.connections = connections;
            this.effective = effective;
        }

        @Override
        public OID getIndex() {
            return index;
        }

        @Override
        public Variable getValue(int column) {
            if (connections != null && (column == RS_ACTIVE_CONNECTIONS - 2 || column == RS_INACTIVE_CONNECTIONS - 2)) {
                DispatchTableDriver.Connections c = connections.get();
                return RefreshedTable.gauge(column == RS_ACTIVE_CONNECTIONS - 2 ? c.active() : c.inactive());
            }
            if (effective != null && column >= RS_EFFECTIVE_STATUS - 2 && column <= RS_HEALTH_REASON - 2) {
                DispatchTableDriver.Effective e = effective.get();
                return switch (column + 2) {
                    case RS_EFFECTIVE_STATUS -> new Integer32(e.status().mibValue());
                    case RS_EFFECTIVE_WEIGHT -> new UnsignedInteger32(e.weight());
                    default -> new OctetString(e.reason().length() <= 255 ? e.reason() : e.reason().substring(0, 255));
                };
            }
            return column < values.length ? values[column] : null;
        }

        @Override
        public MOTableRow getBaseRow() {
            return null;
        }

        @Override
        public void setBaseRow(MOTableRow baseRow) {
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    /** One of the two tables: snmp4j-agent's reads, our SET phases. */
    private final class Table extends DefaultMOTable<MOTableRow, MOColumn, DefaultMOMutableTableModel<MOTableRow>> {
        final Map<Integer, Integer> syntax = new HashMap<>();

        Table(OID entry, int indexes, int[][] columns, DefaultMOMutableTableModel<MOTableRow> model) {
            super(entry, index(indexes), columns(columns), model);
            for (int[] c : columns) {
                syntax.put(c[0], c[1]);
            }
            setVolatile(true);
        }

        @Override
        public void prepare(SubRequest<?> request) {
            DispatchTableMib.this.prepare(request);
        }

        @Override
        public void commit(SubRequest<?> request) {
            DispatchTableMib.this.commit(request);
        }

        @Override
        public void undo(SubRequest<?> request) {
            DispatchTableMib.this.undo(request);
        }

        @Override
        public void cleanup(SubRequest<?> request) {
            request.completed();
        }
    }

    private static MOTableIndex index(int n) {
        MOTableSubIndex[] subs = new MOTableSubIndex[n];
        for (int i = 0; i < n; i++) {
            subs[i] = new MOTableSubIndex(SMIConstants.SYNTAX_GAUGE32);
        }
        return new MOTableIndex(subs, false);
    }

    private static MOColumn[] columns(int[][] columns) {
        MOColumn[] c = new MOColumn[columns.length];
        for (int i = 0; i < columns.length; i++) {
            c[i] = new MOColumn<>(columns[i][0], columns[i][1], MOAccessImpl.ACCESS_READ_ONLY);
        }
        return c;
    }
}
