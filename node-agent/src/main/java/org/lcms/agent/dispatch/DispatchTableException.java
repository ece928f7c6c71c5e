package org.lcms.agent.dispatch;

/** A change the dispatch table refuses; the message names the row, the value and the fix. */
public final class DispatchTableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why: the SNMP adapter maps each kind to its error status. */
    public enum Kind {
        /** A value outside its range (port 0, weight above 65535, index 0). */
        OUT_OF_RANGE,
        /** A value that is valid alone but conflicts with the table (duplicate, port or family mismatch). */
        CONFLICT,
        /** A real server for a virtual service that does not exist. */
        NO_VIRTUAL_SERVICE
    }

    private final Kind kind;

    public DispatchTableException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
