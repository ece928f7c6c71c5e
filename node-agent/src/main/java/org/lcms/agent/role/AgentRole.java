package org.lcms.agent.role;

/** The role the agent gives its host; the numbers are those of the LCMS-MIB role type. */
public enum AgentRole {
    NONE(1),
    LOAD_BALANCER(2),
    BACKUP_SERVER(3),
    REAL_SERVER(4);

    private final int mibValue;

    AgentRole(int mibValue) {
        this.mibValue = mibValue;
    }

    public int mibValue() {
        return mibValue;
    }
}
