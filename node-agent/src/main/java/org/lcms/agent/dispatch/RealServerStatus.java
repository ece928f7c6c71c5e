package org.lcms.agent.dispatch;

import java.util.Optional;

/** The dispatching state of a real server; the numbers are LCMS-MIB's LcmsRealServerState. */
public enum RealServerStatus {
    /** In the IPVS table with its weight. */
    UP(1),
    /** Out of the IPVS table. */
    DOWN(2),
    /** In the IPVS table with weight 0: existing connections go on, no new ones. */
    DRAINING(3);

    private final int mibValue;

    RealServerStatus(int mibValue) {
        this.mibValue = mibValue;
    }

    public int mibValue() {
        return mibValue;
    }

    public static Optional<RealServerStatus> ofMib(int value) {
        for (RealServerStatus s : values()) {
            if (s.mibValue == value) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
