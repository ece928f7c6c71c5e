package org.lcms.snmp.internal.snmp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lcms.mib.LcmsMib;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.Role;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.RealServerStatus;
import org.lcms.snmp.api.ServiceStatus;
import org.lcms.snmp.api.Severity;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Reads an LCMS-MIB notification: which event it is, its values by object name (lcmsRsStatus = down, …), how
 * severe and a one-line message for an operator. Names come from {@link LcmsMib}'s constants (checked against
 * the MIB by its test), so nothing is typed twice.
 */
public final class NotificationTranslator {

    /** A notification read: event type, severity, message, values by LCMS-MIB name. */
    public record Reading(EventType type, Severity severity, String message, String clusterId, String hostName,
                          Map<String, String> details) {
    }

    static final Map<OID, EventType> TYPES = Map.ofEntries(
        Map.entry(LcmsMib.LCMS_AGENT_START, EventType.AGENT_START),
        Map.entry(LcmsMib.LCMS_ROLE_CHANGE, EventType.ROLE_CHANGE),
        Map.entry(LcmsMib.LCMS_REAL_SERVER_STATE_CHANGE, EventType.REAL_SERVER_STATE_CHANGE),
        Map.entry(LcmsMib.LCMS_SERVICE_STATE_CHANGE, EventType.SERVICE_STATE_CHANGE),
        Map.entry(LcmsMib.LCMS_BACKUP_TAKEOVER, EventType.BACKUP_TAKEOVER),
        Map.entry(LcmsMib.LCMS_BACKUP_HAND_BACK, EventType.BACKUP_HAND_BACK),
        Map.entry(LcmsMib.LCMS_LOAD_BALANCER_LOST, EventType.LOAD_BALANCER_LOST),
        Map.entry(LcmsMib.LCMS_LOAD_BALANCER_RECOVERED, EventType.LOAD_BALANCER_RECOVERED),
        Map.entry(LcmsMib.LCMS_AGENT_UNREACHABLE, EventType.AGENT_UNREACHABLE),
        Map.entry(LcmsMib.LCMS_AGENT_REACHABLE, EventType.AGENT_REACHABLE),
        Map.entry(LcmsMib.LCMS_ROLE_ASSIGNMENT_FAILED, EventType.ROLE_ASSIGNMENT_FAILED),
        Map.entry(LcmsMib.LCMS_ROLE_ASSIGNMENT_DONE, EventType.ROLE_ASSIGNMENT_DONE),
        Map.entry(LcmsMib.LCMS_SORRY_SERVER_ON, EventType.SORRY_SERVER_ON),
        Map.entry(LcmsMib.LCMS_SORRY_SERVER_OFF, EventType.SORRY_SERVER_OFF),
        Map.entry(LcmsMib.LCMS_REAL_SERVER_WEIGHT_CHANGE, EventType.REAL_SERVER_WEIGHT_CHANGE));

    /** Object OID -> LCMS-MIB name (LCMS_RS_STATUS -> lcmsRsStatus). */
    static final Map<OID, String> NAMES = LcmsMib.objectNames();

    private NotificationTranslator() {
    }

    /** The notification's OID for an event type (to forward it under its LCMS-MIB name). */
    public static OID notificationOf(EventType type) {
        return TYPES.entrySet().stream().filter(e -> e.getValue() == type).findFirst().orElseThrow().getKey();
    }

    /**
     * The objects of a manager notification, in LCMS-MIB order (lcmsNotifHostName, lcmsNotifPeerAddressType,
     * lcmsNotifPeerAddress, lcmsNotifClusterId, [lcmsNotifWantedRoleType,] lcmsNotifReason), then snmpTrapAddress.0
     * with the host's IPv4 address, so the NMS files the event under the host (OpenNMS use-address-from-varbind).
     *
     * @param wanted the role the model wants the host to have (for the role-assignment notifications)
     */
    public static List<VariableBinding> managerNotification(LcmsEvent e, Optional<IpAddress> hostAddress,
                                                            Role wanted) {
        List<VariableBinding> vbs = new ArrayList<>();
        byte[] address = hostAddress.map(a -> a.inet().getAddress()).orElse(new byte[0]);
        vbs.add(new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_HOST_NAME), new OctetString(e.host())));
        vbs.add(new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PEER_ADDRESS_TYPE), new Integer32(
            address.length == 4 ? LcmsMib.INET_IPV4 : address.length == 16 ? LcmsMib.INET_IPV6 : LcmsMib.INET_UNKNOWN)));
        vbs.add(new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PEER_ADDRESS), new OctetString(address)));
        vbs.add(new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_CLUSTER_ID), new OctetString(e.clusterId())));
        if (e.type() == EventType.ROLE_ASSIGNMENT_FAILED || e.type() == EventType.ROLE_ASSIGNMENT_DONE) {
            vbs.add(new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_WANTED_ROLE_TYPE),
                new Integer32(RoleWriter.roleType(wanted))));
        }
        vbs.add(new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_REASON), new OctetString(e.message())));
        hostAddress.flatMap(NotificationTranslator::trapAddress).ifPresent(vbs::add);
        return vbs;
    }

    /** snmpTrapAddress.0 (RFC 3584) with the host's IPv4 address; none for IPv6 (the object is IPv4 only). */
    public static Optional<VariableBinding> trapAddress(IpAddress a) {
        return a.isIpv4() ? Optional.of(new VariableBinding(SnmpConstants.snmpTrapAddress,
            new org.snmp4j.smi.IpAddress(a.inet()))) : Optional.empty();
    }

    /** Null if {@code notification} is not an LCMS-MIB notification. */
    public static Reading read(OID notification, Iterable<? extends VariableBinding> varbinds) {
        EventType type = TYPES.get(notification);
        if (type == null) {
            return null;
        }
        Map<String, String> d = new LinkedHashMap<>();
        for (VariableBinding vb : varbinds) {
            String name = nameOf(vb.getOid());
            if (name != null) {
                d.put(name, text(name, vb.getVariable()));
            }
        }
        String cluster = d.getOrDefault("lcmsRoleClusterId", d.getOrDefault("lcmsNotifClusterId", ""));
        String host = d.getOrDefault("lcmsHostName", d.getOrDefault("lcmsNotifHostName", ""));
        Severity severity = type.defaultSeverity();
        String message;
        switch (type) {
            case REAL_SERVER_STATE_CHANGE -> {
                RealServerStatus now = RealServerStatus.valueOf(d.getOrDefault("lcmsRsStatus", "unknown")
                    .toUpperCase());
                severity = now == RealServerStatus.DOWN ? Severity.MINOR
                    : now == RealServerStatus.DRAINING ? Severity.WARNING : Severity.NORMAL;
                message = "real server " + d.get("lcmsRsAddress") + ":" + d.get("lcmsRsPort") + " of " + cluster
                    + " is " + d.get("lcmsRsStatus") + " (was " + d.get("lcmsNotifPreviousRsStatus") + ")"
                    + reason(d);
            }
            case SERVICE_STATE_CHANGE -> {
                ServiceStatus now = ServiceStatus.valueOf(d.getOrDefault("lcmsServiceStatus", "unknown").toUpperCase());
                severity = now == ServiceStatus.DOWN ? Severity.MINOR : Severity.NORMAL;
                message = "service " + d.get("lcmsServiceName") + " (port " + d.get("lcmsServicePort") + ") on " + host
                    + " is " + d.get("lcmsServiceStatus") + " (was " + d.get("lcmsNotifPreviousServiceStatus") + ")"
                    + reason(d);
            }
            case ROLE_CHANGE -> {
                severity = "failed".equals(d.get("lcmsRoleState")) ? Severity.MAJOR : Severity.NORMAL;
                message = host + " is now " + d.get("lcmsRoleType") + " (" + d.get("lcmsRoleState") + ")"
                    + (cluster.isEmpty() ? "" : " of " + cluster) + ", was " + d.get("lcmsNotifPreviousRoleType")
                    + " (" + d.get("lcmsNotifPreviousRoleState") + ")" + reason(d);
            }
            case SORRY_SERVER_ON, SORRY_SERVER_OFF -> message = "virtual service " + d.get("lcmsVsAddress") + ":"
                + d.get("lcmsVsPort") + " of " + cluster + (type == EventType.SORRY_SERVER_ON ? " is served by"
                : " is no longer served by") + " its sorry server " + d.get("lcmsNotifPeerAddress") + reason(d);
            case REAL_SERVER_WEIGHT_CHANGE -> message = "real server " + d.get("lcmsRsAddress") + ":"
                + d.get("lcmsRsPort") + " of " + cluster + " has the effective weight " + d.get("lcmsRsWeight")
                + reason(d);
            case AGENT_START -> message = "the agent of " + host + " started (version " + d.get("lcmsAgentVersion")
                + "), role " + d.get("lcmsRoleType") + " (" + d.get("lcmsRoleState") + ")";
            default -> message = type.notification() + " from " + host + (cluster.isEmpty() ? "" : " for " + cluster)
                + reason(d);
        }
        return new Reading(type, severity, message, cluster, host, d);
    }

    private static String reason(Map<String, String> d) {
        String r = d.getOrDefault("lcmsNotifReason", "");
        return r.isEmpty() ? "" : ": " + r;
    }

    /** The LCMS-MIB object an instance OID belongs to (longest known prefix), null if none. */
    static String nameOf(OID instance) {
        int[] arcs = instance.getValue();
        for (int n = arcs.length; n > LcmsMib.LCMS_MIB.size(); n--) {
            String name = NAMES.get(new OID(arcs, 0, n));
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    static String text(String name, Variable v) {
        if (name.endsWith("Address") && v instanceof OctetString) {
            String a = PollAssembly.address(v);
            return a.isEmpty() ? v.toString() : a;
        }
        if (name.equals("lcmsRsStatus") || name.equals("lcmsNotifPreviousRsStatus")) {
            return RealServerStatus.ofMib(v.toInt()).name().toLowerCase();
        }
        if (name.equals("lcmsServiceStatus") || name.equals("lcmsNotifPreviousServiceStatus")) {
            return ServiceStatus.ofMib(v.toInt()).name().toLowerCase();
        }
        if (name.equals("lcmsRoleType") || name.equals("lcmsNotifPreviousRoleType")
            || name.equals("lcmsNotifWantedRoleType")) {
            return PollAssembly.role(v.toInt()).code();
        }
        if (name.equals("lcmsRoleState") || name.equals("lcmsNotifPreviousRoleState")) {
            return PollAssembly.phase(v.toInt()).code();
        }
        return v.toString();
    }
}
