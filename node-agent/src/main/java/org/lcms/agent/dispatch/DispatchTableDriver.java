package org.lcms.agent.dispatch;

/**
 * Puts a dispatch table into the data plane (IPVS through ipvsadm, nftables, or nothing: the recording dry run).
 * Implementations: {@link RecordingDispatchTableDriver} (the dry run), {@link IpvsadmDispatchDriver} (the kernel's
 * IPVS) and {@link NftDispatchDriver} (nftables, for kernels without IPVS).
 *
 * <p>The agent calls {@link #apply} after every committed change of the table (and at start with the table it
 * kept), from one thread at a time, inside the SNMP SET that made the change: it must finish in well under a
 * second. {@link #connections} is called when a manager reads the real-server table; it must not block on
 * I/O for long (cache if needed).
 */
public interface DispatchTableDriver {
    /**
     * Makes the data plane hold exactly {@code table} (only what is in service is passed: see
     * {@link DispatchTable#inService()}). A real server that is {@link RealServerStatus#DOWN} is not in the data
     * plane; a {@link RealServerStatus#DRAINING} one is in it with weight 0.
     *
     * @throws DispatchDriverException naming the step that failed; the data plane is then back to what it held
     *     before the call (the driver undoes its partial work)
     */
    void apply(DispatchTable table) throws DispatchDriverException;

    /**
     * A table this host may have to {@link #apply} at short notice (a standby backup's rows, applied when it takes
     * the VIP over, on the failover thread): the driver may do its costly work for it now (render it, warm up the
     * code) but must not change the data plane. Called like {@link #apply}; the default does nothing.
     */
    default void prepare(DispatchTable table) {
    }

    /** The connection counts the data plane has for a real server now; zero when it has none. */
    Connections connections(VirtualService vs, RealServer rs);

    /**
     * How the data plane dispatches a row of the table now (lcmsRsEffectiveStatus/Weight/HealthReason): the row as
     * set, unless a driver changes it (the health checks'). Called when a manager reads the real-server table; must
     * not block. Rows this driver was not given (a standby's table, a row not in service) read as set.
     */
    default Effective effective(RealServer rs) {
        return Effective.asSet(rs);
    }

    /**
     * A row as dispatched: its status, its weight (0 unless up: a draining or down server gets no new connection)
     * and why it differs from the row as set (empty when it does not).
     */
    record Effective(RealServerStatus status, int weight, String reason) {
        public Effective {
            java.util.Objects.requireNonNull(status);
            java.util.Objects.requireNonNull(reason);
        }

        /** {@code dispatched} as the data plane holds it, with why it differs from the row as set. */
        public static Effective of(RealServer dispatched, String reason) {
            return new Effective(dispatched.status(), dispatched.status() == RealServerStatus.UP ? dispatched.weight()
                : 0, reason);
        }

        public static Effective asSet(RealServer rs) {
            return of(rs, "");
        }
    }

    /** IPVS's ActiveConn and InActConn of one real server. */
    record Connections(long active, long inactive) {
        public static final Connections NONE = new Connections(0, 0);
    }

    /** The data plane refused a change. */
    final class DispatchDriverException extends Exception {
        private static final long serialVersionUID = 1L;

        public DispatchDriverException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
