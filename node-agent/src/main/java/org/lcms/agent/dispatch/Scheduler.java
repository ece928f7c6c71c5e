package org.lcms.agent.dispatch;

import java.util.Locale;
import java.util.Optional;

/** The IPVS scheduler of a virtual service; the numbers are LCMS-MIB's LcmsScheduler. */
public enum Scheduler {
    RR(1),
    WRR(2),
    LC(3),
    WLC(4),
    SH(5);

    private final int mibValue;

    Scheduler(int mibValue) {
        this.mibValue = mibValue;
    }

    public int mibValue() {
        return mibValue;
    }

    /** The name ipvsadm -s takes: rr, wrr, lc, wlc, sh. */
    public String ipvsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scheduler> ofMib(int value) {
        for (Scheduler s : values()) {
            if (s.mibValue == value) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
