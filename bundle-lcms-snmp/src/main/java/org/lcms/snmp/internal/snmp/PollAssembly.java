package org.lcms.snmp.internal.snmp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lcms.mib.LcmsMib;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;
import org.lcms.snmp.api.AgentFacts;
import org.lcms.snmp.api.FailoverReport;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.RealServerStatus;
import org.lcms.snmp.api.RoleReport;
import org.lcms.snmp.api.ServiceReport;
import org.lcms.snmp.api.ServiceStatus;
import org.lcms.snmp.api.VirtualServiceReport;
import org.lcms.snmp.core.PollOutcome;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * One poll of a host's LCMS-MIB as a short conversation of GETBULK requests, and the decoding of the answers.
 * No I/O: the poller sends each {@link Request} and feeds the answer's varbinds back through {@link #accept}.
 *
 * <p>The first request fetches the 19 scalars of the host and role groups as non-repeaters and, as repeaters,
 * the columns of the tables the host is expected to have (the service table always; the virtual-service and
 * real-server tables when it was a load balancer or backup at the last poll), {@code maxRepetitions} = the
 * largest row count seen last time + 1, so a stable host costs exactly one request. A column that did not reach
 * its end is continued from its last OID; tables the fresh role calls for but that were not asked are fetched
 * too. A misbehaving agent cannot keep a poll going: it is cut after {@link #MAX_REQUESTS} requests.
 */
public final class PollAssembly {
    /** Requests one poll may take (each brings at least one row per unfinished column). */
    public static final int MAX_REQUESTS = 64;
    /** Most repetitions asked in one request (keeps a response well under a 64 KiB datagram). */
    public static final int MAX_REPETITIONS = 32;

    /**
     * A GETBULK to send: {@code nonRepeaters} first, then the repeaters, each as the OID to get the next of.
     * {@code bindings} are those as varbinds, built once (the first request of a stable host's poll is shared
     * by every poll with the same table sizes; varbinds of a request are only read when it is encoded).
     */
    public record Request(List<OID> nonRepeaters, List<OID> repeaters, int maxRepetitions,
                          List<VariableBinding> bindings) {
        public Request(List<OID> nonRepeaters, List<OID> repeaters, int maxRepetitions) {
            this(nonRepeaters, repeaters, maxRepetitions, bindingsOf(nonRepeaters, repeaters));
        }

        public List<OID> all() {
            List<OID> all = new ArrayList<>(nonRepeaters);
            all.addAll(repeaters);
            return all;
        }

        private static List<VariableBinding> bindingsOf(List<OID> nonRepeaters, List<OID> repeaters) {
            List<VariableBinding> vbs = new ArrayList<>(nonRepeaters.size() + repeaters.size());
            nonRepeaters.forEach(o -> vbs.add(new VariableBinding(o)));
            repeaters.forEach(o -> vbs.add(new VariableBinding(o)));
            return java.util.Collections.unmodifiableList(vbs);
        }
    }

    // Values many hosts report alike, shared so that comparing a poll with the previous one mostly ends at ==.
    private static final SharedValues<String> TEXTS = new SharedValues<>(1024);
    private static final SharedValues<RoleReport> ROLES = new SharedValues<>(1024);
    private static final SharedValues<ServiceReport> SERVICES = new SharedValues<>(4096);
    private static final SharedValues<List<ServiceReport>> SERVICE_LISTS = new SharedValues<>(1024);
    private static final SharedValues<TableSizes> SIZES = new SharedValues<>(256);

    /** First requests by (dispatching, maxRepetitions): the same for every poll of hosts with those sizes. */
    private static final Request[] FIRST_REQUESTS = new Request[2 * (MAX_REPETITIONS + 1)];

    /** How many rows a host's tables had at its last poll; the starting point of the next. */
    public record TableSizes(int virtualServices, int realServers, int services, boolean dispatching) {
        public static final TableSizes FIRST = new TableSizes(-1, -1, -1, true);
    }

    static final List<OID> SCALARS = List.of(LcmsMib.LCMS_HOST_NAME, LcmsMib.LCMS_HOST_CPU_TYPE,
        LcmsMib.LCMS_HOST_CPU_COUNT, LcmsMib.LCMS_HOST_MEMORY_TOTAL, LcmsMib.LCMS_HOST_MEMORY_FREE,
        LcmsMib.LCMS_HOST_LOAD_AVERAGE1, LcmsMib.LCMS_HOST_LOAD_AVERAGE5, LcmsMib.LCMS_HOST_LOAD_AVERAGE15,
        LcmsMib.LCMS_AGENT_VERSION, LcmsMib.LCMS_AGENT_UP_TIME, LcmsMib.LCMS_ROLE_TYPE, LcmsMib.LCMS_ROLE_STATE,
        LcmsMib.LCMS_ROLE_CLUSTER_ID, LcmsMib.LCMS_ROLE_VIP_ADDRESS_TYPE, LcmsMib.LCMS_ROLE_VIP_ADDRESS,
        LcmsMib.LCMS_ROLE_BACKUP_RANK, LcmsMib.LCMS_ROLE_TAKEOVER_EPOCH, LcmsMib.LCMS_ROLE_LAST_CHANGE,
        LcmsMib.LCMS_ROLE_LAST_ERROR);
    // Positions in SCALARS (and in the first request's answer): the scalars are kept in an array by position.
    private static final int HOST_NAME = SCALARS.indexOf(LcmsMib.LCMS_HOST_NAME);
    private static final int CPU_TYPE = SCALARS.indexOf(LcmsMib.LCMS_HOST_CPU_TYPE);
    private static final int CPU_COUNT = SCALARS.indexOf(LcmsMib.LCMS_HOST_CPU_COUNT);
    private static final int MEMORY_TOTAL = SCALARS.indexOf(LcmsMib.LCMS_HOST_MEMORY_TOTAL);
    private static final int MEMORY_FREE = SCALARS.indexOf(LcmsMib.LCMS_HOST_MEMORY_FREE);
    private static final int LOAD_AVERAGE1 = SCALARS.indexOf(LcmsMib.LCMS_HOST_LOAD_AVERAGE1);
    private static final int LOAD_AVERAGE5 = SCALARS.indexOf(LcmsMib.LCMS_HOST_LOAD_AVERAGE5);
    private static final int LOAD_AVERAGE15 = SCALARS.indexOf(LcmsMib.LCMS_HOST_LOAD_AVERAGE15);
    private static final int AGENT_VERSION = SCALARS.indexOf(LcmsMib.LCMS_AGENT_VERSION);
    private static final int AGENT_UP_TIME = SCALARS.indexOf(LcmsMib.LCMS_AGENT_UP_TIME);
    private static final int ROLE_TYPE = SCALARS.indexOf(LcmsMib.LCMS_ROLE_TYPE);
    private static final int ROLE_STATE = SCALARS.indexOf(LcmsMib.LCMS_ROLE_STATE);
    private static final int ROLE_CLUSTER_ID = SCALARS.indexOf(LcmsMib.LCMS_ROLE_CLUSTER_ID);
    private static final int ROLE_VIP_ADDRESS = SCALARS.indexOf(LcmsMib.LCMS_ROLE_VIP_ADDRESS);
    private static final int ROLE_BACKUP_RANK = SCALARS.indexOf(LcmsMib.LCMS_ROLE_BACKUP_RANK);
    private static final int ROLE_TAKEOVER_EPOCH = SCALARS.indexOf(LcmsMib.LCMS_ROLE_TAKEOVER_EPOCH);
    private static final int ROLE_LAST_ERROR = SCALARS.indexOf(LcmsMib.LCMS_ROLE_LAST_ERROR);
    static final List<OID> VS_COLUMNS = List.of(LcmsMib.LCMS_VS_ADDRESS_TYPE, LcmsMib.LCMS_VS_ADDRESS,
        LcmsMib.LCMS_VS_PORT, LcmsMib.LCMS_VS_PROTOCOL, LcmsMib.LCMS_VS_SCHEDULER);
    static final List<OID> RS_COLUMNS = List.of(LcmsMib.LCMS_RS_ADDRESS_TYPE, LcmsMib.LCMS_RS_ADDRESS,
        LcmsMib.LCMS_RS_PORT, LcmsMib.LCMS_RS_WEIGHT, LcmsMib.LCMS_RS_STATUS, LcmsMib.LCMS_RS_ACTIVE_CONNECTIONS,
        LcmsMib.LCMS_RS_INACTIVE_CONNECTIONS, LcmsMib.LCMS_RS_STATUS_CHANGES, LcmsMib.LCMS_RS_EFFECTIVE_STATUS,
        LcmsMib.LCMS_RS_EFFECTIVE_WEIGHT, LcmsMib.LCMS_RS_HEALTH_REASON);
    /** lcmsFailoverTable, asked with the dispatch tables (only load balancers and backups run the election). */
    static final List<OID> FAILOVER_COLUMNS = List.of(LcmsMib.LCMS_FAILOVER_CLUSTER, LcmsMib.LCMS_FAILOVER_RANK,
        LcmsMib.LCMS_FAILOVER_STATE, LcmsMib.LCMS_FAILOVER_HOLDER, LcmsMib.LCMS_FAILOVER_EPOCH,
        LcmsMib.LCMS_FAILOVER_LEASE_REMAINING, LcmsMib.LCMS_FAILOVER_REACH, LcmsMib.LCMS_FAILOVER_WITNESSES,
        LcmsMib.LCMS_FAILOVER_READY_MEMBERS, LcmsMib.LCMS_FAILOVER_PINNED, LcmsMib.LCMS_FAILOVER_POLICY_SET,
        LcmsMib.LCMS_FAILOVER_POLICY_IN_FORCE);
    static final List<OID> SERVICE_COLUMNS = List.of(LcmsMib.LCMS_SERVICE_NAME, LcmsMib.LCMS_SERVICE_PORT,
        LcmsMib.LCMS_SERVICE_PROTOCOL, LcmsMib.LCMS_SERVICE_STATUS, LcmsMib.LCMS_SERVICE_CURRENT_CONNECTIONS);

    private final TableSizes previous;
    /** The scalars' values, by position in SCALARS. */
    private final Variable[] scalars = new Variable[SCALARS.size()];
    // The maps below are allocated when the first answer arrives, not when the poll starts: by then thousands of
    // other polls have allocated, and a map made at the start would no longer be in the CPU's caches (JFR, 10,000
    // agents). Columns are keyed by identity: every key is one of LCMS-MIB's OID constants (the *_COLUMNS lists),
    // and an OID's own hashCode walks its arcs on every call (it was 8% of the manager's CPU at 10,000 agents).
    /** column -> (row index -> value), for the columns asked so far. */
    private Map<OID, TreeMap<OID, Variable>> columns;
    /** A finished poll's row indexes per table (sizes() and result() both need them). */
    private Map<List<OID>, List<OID>> indexCache;
    /** column -> OID to continue from, for columns not finished; null while none is. */
    private Map<OID, OID> open;
    private Request pending;
    private int requests;

    public PollAssembly(TableSizes previous) {
        this.previous = previous;
    }

    /** The first request of the poll. */
    public Request start() {
        boolean dispatching = previous.dispatching();
        int rows = Math.max(previous.services(), 0);
        if (dispatching) {
            rows = Math.max(rows, Math.max(previous.virtualServices(), previous.realServers()));
        }
        int max = previous == TableSizes.FIRST ? 4 : Math.min(rows + 1, MAX_REPETITIONS);
        int shape = (dispatching ? MAX_REPETITIONS + 1 : 0) + max;
        Request first = FIRST_REQUESTS[shape];
        if (first == null) { // built once per shape; a race builds an equal one, either may stay
            List<OID> repeaters = new ArrayList<>(SERVICE_COLUMNS);
            if (dispatching) {
                repeaters.addAll(VS_COLUMNS);
                repeaters.addAll(RS_COLUMNS);
                repeaters.addAll(FAILOVER_COLUMNS);
            }
            first = new Request(SCALARS, List.copyOf(repeaters), max);
            FIRST_REQUESTS[shape] = first;
        }
        pending = first;
        requests = 1;
        return pending;
    }

    /**
     * Takes the answer to the pending request; returns the next request, or null when the poll is complete.
     *
     * @throws IllegalStateException if the agent's answers do not end the tables within {@link #MAX_REQUESTS}
     */
    public Request accept(List<? extends VariableBinding> answer) {
        List<OID> nonRepeaters = pending.nonRepeaters(); // SCALARS in the first request, none after it
        int n = nonRepeaters.size();
        for (int i = 0; i < n && i < answer.size(); i++) {
            VariableBinding vb = answer.get(i);
            OID object = nonRepeaters.get(i);
            if (!vb.isException() && vb.getOid().size() == object.size() + 1 && vb.getOid().startsWith(object)) {
                scalars[i] = vb.getVariable();
            }
        }
        List<OID> asked = pending.repeaters();
        int r = asked.size();
        if (columns == null) { // the first answer: the first request asked the columns themselves
            columns = new IdentityHashMap<>(2 * r);
            for (OID c : asked) {
                columns.put(c, new TreeMap<>());
            }
        }
        // Varbind n + k + r*j answers repeater k (RFC 3416 GETBULK): work by position, one column lookup each.
        OID[] column = new OID[r];
        TreeMap<OID, Variable>[] cells = newCells(r);
        VariableBinding[] last = new VariableBinding[r];
        boolean[] ended = new boolean[r];
        for (int k = 0; k < r; k++) {
            column[k] = columnOf(asked.get(k));
            cells[k] = columns.get(column[k]);
        }
        for (int i = n; i < answer.size() && r > 0; i++) {
            int k = (i - n) % r;
            if (ended[k]) {
                continue;
            }
            VariableBinding vb = answer.get(i);
            OID c = column[k];
            OID oid = vb.getOid();
            if (vb.isException() || oid.size() <= c.size() || !oid.startsWith(c)) {
                ended[k] = true;
                continue;
            }
            cells[k].put(new OID(oid.getValue(), c.size(), oid.size() - c.size()), vb.getVariable());
            last[k] = vb;
        }
        for (int k = 0; k < r; k++) {
            if (ended[k]) {
                if (open != null) {
                    open.remove(column[k]);
                }
            } else if (last[k] != null) {
                openColumns().put(column[k], last[k].getOid());
            } else {
                // no varbind for it at all (a truncated answer): ask again
                openColumns().put(column[k], asked.get(k));
            }
        }
        // the fresh role may call for tables the first request did not ask (it became a load balancer)
        if (requests == 1 && !previous.dispatching() && dispatchingNow()) {
            for (OID c : VS_COLUMNS) {
                columns.put(c, new TreeMap<>());
                openColumns().put(c, c);
            }
            for (OID c : RS_COLUMNS) {
                columns.put(c, new TreeMap<>());
                openColumns().put(c, c);
            }
            for (OID c : FAILOVER_COLUMNS) {
                columns.put(c, new TreeMap<>());
                openColumns().put(c, c);
            }
        }
        if (open == null || open.isEmpty()) {
            pending = null;
            return null;
        }
        if (++requests > MAX_REQUESTS) {
            throw new IllegalStateException("the agent's tables did not end within " + MAX_REQUESTS
                + " requests; still open: " + open.keySet());
        }
        pending = new Request(List.of(), List.copyOf(open.values()), MAX_REPETITIONS);
        return pending;
    }

    private Map<OID, OID> openColumns() {
        if (open == null) {
            open = new LinkedHashMap<>();
        }
        return open;
    }

    @SuppressWarnings("unchecked")
    private static TreeMap<OID, Variable>[] newCells(int n) {
        return (TreeMap<OID, Variable>[]) new TreeMap[n];
    }

    /** The column an asked OID belongs to (the column itself, or a continuation OID inside it). */
    private OID columnOf(OID asked) {
        if (columns.containsKey(asked)) {
            return asked; // the column itself (every repeater of a first request): no prefix search
        }
        for (OID c : columns.keySet()) {
            if (asked.startsWith(c)) {
                return c;
            }
        }
        throw new IllegalStateException("not a polled column: " + asked);
    }

    public int requests() {
        return requests;
    }

    private boolean dispatchingNow() {
        Role r = role(intOf(ROLE_TYPE, 1));
        return r == Role.LOAD_BALANCER || r == Role.BACKUP_SERVER;
    }

    /** The table sizes found, for the next poll of the host. */
    public TableSizes sizes() {
        return SIZES.share(new TableSizes(rows(VS_COLUMNS), rows(RS_COLUMNS), rows(SERVICE_COLUMNS),
            dispatchingNow()));
    }

    /** What the agent reported. */
    public PollOutcome.Answered result(long responseMicros) {
        AgentFacts facts = new AgentFacts(text(HOST_NAME), commonText(CPU_TYPE),
            intOf(CPU_COUNT, 0), longOf(MEMORY_TOTAL),
            longOf(MEMORY_FREE), longOf(LOAD_AVERAGE1) / 100.0,
            longOf(LOAD_AVERAGE5) / 100.0, longOf(LOAD_AVERAGE15) / 100.0,
            commonText(AGENT_VERSION), longOf(AGENT_UP_TIME));
        RoleReport role = ROLES.share(new RoleReport(role(intOf(ROLE_TYPE, 1)),
            phase(intOf(ROLE_STATE, 1)), commonText(ROLE_CLUSTER_ID),
            address(scalars[ROLE_VIP_ADDRESS]), intOf(ROLE_BACKUP_RANK, 0),
            longOf(ROLE_TAKEOVER_EPOCH), commonText(ROLE_LAST_ERROR)));
        List<VirtualServiceReport> vs = new ArrayList<>();
        for (OID index : indexes(VS_COLUMNS)) {
            vs.add(new VirtualServiceReport(index.get(0), address(cell(LcmsMib.LCMS_VS_ADDRESS, index)),
                intCell(LcmsMib.LCMS_VS_PORT, index), protocol(intCell(LcmsMib.LCMS_VS_PROTOCOL, index)),
                scheduler(intCell(LcmsMib.LCMS_VS_SCHEDULER, index))));
        }
        List<RealServerReport> rs = new ArrayList<>();
        for (OID index : indexes(RS_COLUMNS)) {
            if (index.size() != 2) {
                continue;
            }
            RealServerReport row = new RealServerReport(index.get(0), index.get(1),
                address(cell(LcmsMib.LCMS_RS_ADDRESS, index)), intCell(LcmsMib.LCMS_RS_PORT, index),
                intCell(LcmsMib.LCMS_RS_WEIGHT, index), RealServerStatus.ofMib(intCell(LcmsMib.LCMS_RS_STATUS, index)),
                longCell(LcmsMib.LCMS_RS_ACTIVE_CONNECTIONS, index),
                longCell(LcmsMib.LCMS_RS_INACTIVE_CONNECTIONS, index),
                longCell(LcmsMib.LCMS_RS_STATUS_CHANGES, index));
            Variable effective = cell(LcmsMib.LCMS_RS_EFFECTIVE_STATUS, index);
            if (effective != null) { // an agent older than these columns: the row as set (the constructor above)
                Variable reason = cell(LcmsMib.LCMS_RS_HEALTH_REASON, index);
                row = new RealServerReport(row.virtualServiceIndex(), row.index(), row.address(), row.port(),
                    row.weight(), row.status(), row.activeConnections(), row.inactiveConnections(),
                    row.statusChanges(), RealServerStatus.ofMib(effective.toInt()),
                    intCell(LcmsMib.LCMS_RS_EFFECTIVE_WEIGHT, index), reason == null ? "" : reason.toString());
            }
            rs.add(row);
        }
        List<ServiceReport> services = new ArrayList<>();
        for (OID index : indexes(SERVICE_COLUMNS)) {
            Variable name = cell(LcmsMib.LCMS_SERVICE_NAME, index);
            services.add(SERVICES.share(new ServiceReport(index.get(0),
                name == null ? "" : TEXTS.share(name.toString()), intCell(LcmsMib.LCMS_SERVICE_PORT, index),
                protocol(intCell(LcmsMib.LCMS_SERVICE_PROTOCOL, index)),
                ServiceStatus.ofMib(intCell(LcmsMib.LCMS_SERVICE_STATUS, index)),
                longCell(LcmsMib.LCMS_SERVICE_CURRENT_CONNECTIONS, index))));
        }
        List<FailoverReport> failover = new ArrayList<>();
        for (OID index : indexes(FAILOVER_COLUMNS)) {
            Variable cluster = cell(LcmsMib.LCMS_FAILOVER_CLUSTER, index);
            Variable holder = cell(LcmsMib.LCMS_FAILOVER_HOLDER, index);
            Variable ready = cell(LcmsMib.LCMS_FAILOVER_READY_MEMBERS, index);
            if (cluster == null || cluster.toString().isEmpty()) {
                continue;
            }
            failover.add(new FailoverReport(index.get(0), cluster.toString(), intCell(LcmsMib.LCMS_FAILOVER_RANK, index),
                FailoverReport.FailoverState.ofMib(intCell(LcmsMib.LCMS_FAILOVER_STATE, index)),
                holder == null ? "" : holder.toString(), longCell(LcmsMib.LCMS_FAILOVER_EPOCH, index),
                longCell(LcmsMib.LCMS_FAILOVER_LEASE_REMAINING, index), intCell(LcmsMib.LCMS_FAILOVER_REACH, index),
                intCell(LcmsMib.LCMS_FAILOVER_WITNESSES, index),
                ready == null || ready.toString().isEmpty() ? List.of() : List.of(ready.toString().split(",")),
                intCell(LcmsMib.LCMS_FAILOVER_PINNED, index) == 1, text(LcmsMib.LCMS_FAILOVER_POLICY_SET, index),
                text(LcmsMib.LCMS_FAILOVER_POLICY_IN_FORCE, index)));
        }
        return new PollOutcome.Answered(facts, role, vs, rs, SERVICE_LISTS.share(List.copyOf(services)),
            responseMicros, failover);
    }

    private String text(OID column, OID index) {
        Variable v = cell(column, index);
        return v == null ? "" : v.toString();
    }

    /** Rows of a table: 0 if it was asked and is empty, or not asked at all. */
    private int rows(List<OID> table) {
        return indexes(table).size();
    }

    /** The row indexes of a table: those present in any of its columns (an agent may leave a cell out). */
    private List<OID> indexes(List<OID> table) {
        List<OID> cached = pending == null && indexCache != null ? indexCache.get(table) : null;
        if (cached != null) {
            return cached;
        }
        List<OID> found = rowsOf(table);
        if (pending == null) {
            if (indexCache == null) {
                indexCache = new IdentityHashMap<>();
            }
            indexCache.put(table, found);
        }
        return found;
    }

    /** The union of the table's columns' row indexes, in order; without merging when the columns agree. */
    private List<OID> rowsOf(List<OID> table) {
        TreeMap<OID, Variable> first = null;
        boolean merge = false;
        for (OID column : table) {
            TreeMap<OID, Variable> c = columns == null ? null : columns.get(column);
            if (c == null) {
                continue; // not asked
            }
            if (first == null) {
                first = c;
            } else if (!merge && !c.keySet().equals(first.keySet())) {
                merge = true;
            }
        }
        if (first == null) {
            return List.of();
        }
        if (!merge) {
            return List.copyOf(first.keySet());
        }
        java.util.TreeSet<OID> rows = new java.util.TreeSet<>();
        for (OID column : table) {
            TreeMap<OID, Variable> c = columns.get(column);
            if (c != null) {
                rows.addAll(c.keySet());
            }
        }
        return List.copyOf(rows);
    }

    private Variable cell(OID column, OID index) {
        TreeMap<OID, Variable> c = columns == null ? null : columns.get(column);
        return c == null ? null : c.get(index);
    }

    private int intCell(OID column, OID index) {
        Variable v = cell(column, index);
        return v == null ? 0 : v.toInt();
    }

    private long longCell(OID column, OID index) {
        Variable v = cell(column, index);
        return v == null ? 0 : v.toLong();
    }

    /** A scalar's text (a host's own name: not worth sharing, it differs from host to host). */
    private String text(int scalar) {
        Variable v = scalars[scalar];
        return v == null ? "" : v.toString();
    }

    /** A scalar's text that many hosts report alike (cluster id, version, last error): shared. */
    private String commonText(int scalar) {
        return TEXTS.share(text(scalar));
    }

    private int intOf(int scalar, int otherwise) {
        Variable v = scalars[scalar];
        return v == null ? otherwise : v.toInt();
    }

    private long longOf(int scalar) {
        Variable v = scalars[scalar];
        return v == null ? 0 : v.toLong();
    }

    static String address(Variable v) {
        if (!(v instanceof OctetString s) || (s.length() != 4 && s.length() != 16)) {
            return "";
        }
        try {
            return new IpAddress(InetAddress.getByAddress(s.getValue())).toString();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    static Role role(int mib) {
        return switch (mib) {
            case 2 -> Role.LOAD_BALANCER;
            case 3 -> Role.BACKUP_SERVER;
            case 4 -> Role.REAL_SERVER;
            default -> Role.NONE;
        };
    }

    static RoleState phase(int mib) {
        return switch (mib) {
            case LcmsMib.PHASE_APPLYING -> RoleState.APPLYING;
            case LcmsMib.PHASE_STANDBY -> RoleState.STANDBY;
            case LcmsMib.PHASE_ACTIVE -> RoleState.ACTIVE;
            case LcmsMib.PHASE_FAILED -> RoleState.FAILED;
            default -> RoleState.UNKNOWN;
        };
    }

    static String protocol(int mib) {
        return switch (mib) {
            case 6 -> "tcp";
            case 17 -> "udp";
            default -> "";
        };
    }

    static String scheduler(int mib) {
        return switch (mib) {
            case 1 -> "rr";
            case 2 -> "wrr";
            case 3 -> "lc";
            case 4 -> "wlc";
            case 5 -> "sh";
            default -> "";
        };
    }
}
