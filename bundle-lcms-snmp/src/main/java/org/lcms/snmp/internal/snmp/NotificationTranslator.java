package org.lcms.snmp.internal.snmp;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.lcms.mib.LcmsMib;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.RealServerStatus;
import org.lcms.snmp.api.ServiceStatus;
import org.lcms.snmp.api.Severity;
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
        Map.entry(LcmsMib.LCMS_ROLE_ASSIGNMENT_DONE, EventType.ROLE_ASSIGNMENT_DONE));

    /** Object OID -> LCMS-MIB name, from the constants of LcmsMib (LCMS_RS_STATUS -> lcmsRsStatus). */
    static final TreeMap<OID, String> NAMES = names();

    private NotificationTranslator() {
    }

    /** The notification's OID for an event type (to forward it under its LCMS-MIB name). */
    public static OID notificationOf(EventType type) {
        return TYPES.entrySet().stream().filter(e -> e.getValue() == type).findFirst().orElseThrow().getKey();
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

    private static TreeMap<OID, String> names() {
        TreeMap<OID, String> out = new TreeMap<>();
        for (Field f : LcmsMib.class.getDeclaredFields()) {
            if (f.getType() != OID.class || !Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                out.put((OID) f.get(null), mibName(f.getName()));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** LCMS_HOST_NAME -> lcmsHostName (the convention LcmsMibTest checks). */
    static String mibName(String constant) {
        if (constant.equals("LCMS_MIB")) {
            return "lcmsMIB";
        }
        String[] parts = constant.toLowerCase().split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return b.toString();
    }
}
