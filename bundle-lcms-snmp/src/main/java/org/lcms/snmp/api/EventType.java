package org.lcms.snmp.api;

/**
 * What happened. Each type is one LCMS-MIB notification ({@link #notification()}): the agents send the first
 * eight and the last three (the RS manager's sorry server and load-aware weights), the manager raises the
 * others; all are forwarded to the NMS under that name.
 */
public enum EventType {
    AGENT_START("lcmsAgentStart", Severity.NORMAL),
    ROLE_CHANGE("lcmsRoleChange", Severity.NORMAL),
    REAL_SERVER_STATE_CHANGE("lcmsRealServerStateChange", Severity.WARNING),
    SERVICE_STATE_CHANGE("lcmsServiceStateChange", Severity.WARNING),
    BACKUP_TAKEOVER("lcmsBackupTakeover", Severity.MAJOR),
    BACKUP_HAND_BACK("lcmsBackupHandBack", Severity.NORMAL),
    LOAD_BALANCER_LOST("lcmsLoadBalancerLost", Severity.CRITICAL),
    LOAD_BALANCER_RECOVERED("lcmsLoadBalancerRecovered", Severity.NORMAL),
    AGENT_UNREACHABLE("lcmsAgentUnreachable", Severity.MAJOR),
    AGENT_REACHABLE("lcmsAgentReachable", Severity.NORMAL),
    ROLE_ASSIGNMENT_FAILED("lcmsRoleAssignmentFailed", Severity.MAJOR),
    ROLE_ASSIGNMENT_DONE("lcmsRoleAssignmentDone", Severity.NORMAL),
    SORRY_SERVER_ON("lcmsSorryServerOn", Severity.MAJOR),
    SORRY_SERVER_OFF("lcmsSorryServerOff", Severity.NORMAL),
    REAL_SERVER_WEIGHT_CHANGE("lcmsRealServerWeightChange", Severity.NORMAL);

    private final String notification;
    private final Severity defaultSeverity;

    EventType(String notification, Severity defaultSeverity) {
        this.notification = notification;
        this.defaultSeverity = defaultSeverity;
    }

    /** The LCMS-MIB notification's name. */
    public String notification() {
        return notification;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }
}
