package org.lcms.agent.dispatch;

import java.util.Optional;

/** The transport protocol of a virtual service; the numbers are LCMS-MIB's LcmsProtocol (IP protocol numbers). */
public enum Protocol {
    TCP(6, "-t"),
    UDP(17, "-u");

    private final int mibValue;
    private final String ipvsadmOption;

    Protocol(int mibValue, String ipvsadmOption) {
        this.mibValue = mibValue;
        this.ipvsadmOption = ipvsadmOption;
    }

    public int mibValue() {
        return mibValue;
    }

    /** {@code -t} or {@code -u}: how ipvsadm names a service of this protocol. */
    public String ipvsadmOption() {
        return ipvsadmOption;
    }

    public static Optional<Protocol> ofMib(int value) {
        for (Protocol p : values()) {
            if (p.mibValue == value) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
