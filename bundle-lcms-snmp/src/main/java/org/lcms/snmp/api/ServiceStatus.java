package org.lcms.snmp.api;

/** LCMS-MIB LcmsServiceState, as a real server's agent reports its local service. */
public enum ServiceStatus {
    UP, DOWN, UNKNOWN;

    /** The MIB value (up(1), down(2), unknown(3)). */
    public static ServiceStatus ofMib(int value) {
        return switch (value) {
            case 1 -> UP;
            case 2 -> DOWN;
            default -> UNKNOWN;
        };
    }
}
