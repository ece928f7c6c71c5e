package org.lcms.snmp.api;

/** LCMS-MIB LcmsRealServerState, as a load balancer's dispatch table reports it. */
public enum RealServerStatus {
    UP, DOWN, DRAINING, UNKNOWN;

    /** The MIB value (up(1), down(2), draining(3)); anything else is UNKNOWN. */
    public static RealServerStatus ofMib(int value) {
        return switch (value) {
            case 1 -> UP;
            case 2 -> DOWN;
            case 3 -> DRAINING;
            default -> UNKNOWN;
        };
    }
}
