package org.lcms.snmp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * etc/org.lcms.snmp.cfg. Credential profiles are free keys of the same file ({@code profile.NAME.KEY}, see
 * {@link org.lcms.snmp.core.SnmpProfiles}); metatype cannot describe them.
 */
@ObjectClassDefinition(name = "LCMS SNMP manager",
    description = "Polling of the node agents' LCMS-MIB, role assignment, notifications")
public @interface SnmpManagerConfiguration {
    @AttributeDefinition(description = "Seconds between two polls of a reachable host (1..3600)")
    int pollInterval() default 5;

    @AttributeDefinition(description = "Milliseconds one request waits for its answer (50..60000)")
    int pollTimeout() default 800;

    @AttributeDefinition(description = "Retries of an unanswered request (0..5)")
    int pollRetries() default 1;

    @AttributeDefinition(description = "Failed polls in a row after which a host counts as unreachable (1..100)")
    int unreachableAfter() default 2;

    @AttributeDefinition(description = "Longest wait in seconds between polls of an unreachable host")
    int maxBackoff() default 60;

    @AttributeDefinition(description = "Local UDP ADDRESS/PORT of the manager's SNMP session (port 0: any)")
    String listenAddress() default "0.0.0.0/0";

    @AttributeDefinition(description = "UDP receive buffer of the session, in bytes")
    int receiveBufferBytes() default 4_194_304;

    @AttributeDefinition(description = "Polls outstanding at once")
    int maxInFlight() default 2000;

    @AttributeDefinition(description = "Seconds between two reads of the host list from the model")
    int modelRefresh() default 2;

    @AttributeDefinition(description = "Events kept in memory for lcms:events and the UI")
    int eventLogSize() default 10_000;

    @AttributeDefinition(description = "UDP ADDRESS/PORT the notification receiver listens on (empty: off). 10162 "
        + "needs no root; 162 is the standard port")
    String trapListenAddress() default "0.0.0.0/10162";

    @AttributeDefinition(description = "SNMPv2c community notifications must carry (empty: v2c notifications are "
        + "refused; SNMPv3 users come from the credential profiles)")
    String trapCommunity() default "";
}
