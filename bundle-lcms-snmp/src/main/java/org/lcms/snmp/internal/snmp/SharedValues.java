package org.lcms.snmp.internal.snmp;

/**
 * Hands out one shared instance for equal immutable values decoded from many agents' answers (the role of every
 * real server of a cluster, an idle service row, a table size): a small direct-mapped table, newest value wins a
 * slot, no locks.
 *
 * <p>Why: with thousands of hosts each poll compares the fresh report with the host's previous one, which was
 * last touched a whole polling round ago and is no longer in the CPU's caches. Comparing field by field then
 * costs a cache miss per object and per string (JFR at 10,000 agents: {@code RoleReport.equals} and the facts'
 * strings were 5 % of the manager's CPU, mostly waiting for memory). Values taken from here are the same object
 * as the previous poll's when nothing changed, so the comparison ends at {@code ==}, and the shared instances
 * stay in the cache because every host uses them. A value that is not shared (a busy service's connection count)
 * costs one hash and one comparison with a hot entry, and is compared with {@code equals} as before.
 *
 * <p>Thread-safe without locks: entries are immutable (records and strings with final fields), so a racing
 * reader sees either the old or the new complete value; a lost race only costs sharing, never correctness.
 */
final class SharedValues<T> {
    private final Object[] slots;
    private final int mask;

    /** @param size slots, rounded up to a power of two */
    SharedValues(int size) {
        int n = Integer.highestOneBit(Math.max(2, size - 1)) << 1;
        slots = new Object[n];
        mask = n - 1;
    }

    /** The shared instance equal to {@code value}: an earlier one if the slot holds it, else {@code value}. */
    @SuppressWarnings("unchecked")
    T share(T value) {
        if (value == null) {
            return null;
        }
        int h = value.hashCode();
        int i = (h ^ (h >>> 16)) & mask;
        Object held = slots[i];
        if (held == value) {
            return value;
        }
        if (held != null && held.equals(value)) {
            return (T) held;
        }
        slots[i] = value;
        return value;
    }
}
