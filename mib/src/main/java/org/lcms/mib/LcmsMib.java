package org.lcms.mib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.snmp4j.smi.OID;

/**
 * The OIDs of LCMS-MIB, the contract between the node agent (which serves and sends them) and the manager
 * (bundle-lcms-snmp, which polls, sets and receives them). The module root ({@link #LCMS_MIB}) comes from the
 * build (root pom {@code lcms.oid.root}, filtered into {@code oid-arcs.properties}); the arcs below it are those
 * of LCMS-MIB. {@code LcmsMibTest} checks every constant against the smidump OID list of the MIB, by name
 * ({@code LCMS_HOST_NAME} is {@code lcmsHostName}), so a typo or a renumbered MIB fails the build.
 * Scalars are given without the {@code .0} instance suffix.
 */
public final class LcmsMib {
    public static final OID LCMS_MIB = new OID(load().getProperty("mib.module"));
    public static final OID LCMS_NOTIFICATIONS = arc(LCMS_MIB, 0);
    public static final OID LCMS_OBJECTS = arc(LCMS_MIB, 1);

    public static final OID LCMS_AGENT_START = arc(LCMS_NOTIFICATIONS, 1);
    public static final OID LCMS_ROLE_CHANGE = arc(LCMS_NOTIFICATIONS, 2);
    public static final OID LCMS_REAL_SERVER_STATE_CHANGE = arc(LCMS_NOTIFICATIONS, 3);
    public static final OID LCMS_SERVICE_STATE_CHANGE = arc(LCMS_NOTIFICATIONS, 4);
    public static final OID LCMS_BACKUP_TAKEOVER = arc(LCMS_NOTIFICATIONS, 5);
    public static final OID LCMS_BACKUP_HAND_BACK = arc(LCMS_NOTIFICATIONS, 6);
    public static final OID LCMS_LOAD_BALANCER_LOST = arc(LCMS_NOTIFICATIONS, 7);
    public static final OID LCMS_LOAD_BALANCER_RECOVERED = arc(LCMS_NOTIFICATIONS, 8);
    /** Sent by the manager, not the agents. */
    public static final OID LCMS_AGENT_UNREACHABLE = arc(LCMS_NOTIFICATIONS, 9);
    public static final OID LCMS_AGENT_REACHABLE = arc(LCMS_NOTIFICATIONS, 10);
    public static final OID LCMS_ROLE_ASSIGNMENT_FAILED = arc(LCMS_NOTIFICATIONS, 11);
    public static final OID LCMS_ROLE_ASSIGNMENT_DONE = arc(LCMS_NOTIFICATIONS, 12);
    public static final OID LCMS_SORRY_SERVER_ON = arc(LCMS_NOTIFICATIONS, 13);
    public static final OID LCMS_SORRY_SERVER_OFF = arc(LCMS_NOTIFICATIONS, 14);
    public static final OID LCMS_REAL_SERVER_WEIGHT_CHANGE = arc(LCMS_NOTIFICATIONS, 15);

    public static final OID LCMS_HOST = arc(LCMS_OBJECTS, 1);
    public static final OID LCMS_HOST_NAME = arc(LCMS_HOST, 1);
    public static final OID LCMS_HOST_CPU_TYPE = arc(LCMS_HOST, 2);
    public static final OID LCMS_HOST_CPU_COUNT = arc(LCMS_HOST, 3);
    public static final OID LCMS_HOST_MEMORY_TOTAL = arc(LCMS_HOST, 4);
    public static final OID LCMS_HOST_MEMORY_FREE = arc(LCMS_HOST, 5);
    public static final OID LCMS_HOST_LOAD_AVERAGE1 = arc(LCMS_HOST, 6);
    public static final OID LCMS_HOST_LOAD_AVERAGE5 = arc(LCMS_HOST, 7);
    public static final OID LCMS_HOST_LOAD_AVERAGE15 = arc(LCMS_HOST, 8);
    public static final OID LCMS_AGENT_VERSION = arc(LCMS_HOST, 9);
    public static final OID LCMS_AGENT_UP_TIME = arc(LCMS_HOST, 10);
    public static final OID LCMS_NIC_TABLE = arc(LCMS_HOST, 11);
    public static final OID LCMS_NIC_ENTRY = arc(LCMS_NIC_TABLE, 1);
    public static final OID LCMS_NIC_NAME = arc(LCMS_NIC_ENTRY, 2);
    public static final OID LCMS_NIC_TYPE = arc(LCMS_NIC_ENTRY, 3);
    public static final OID LCMS_NIC_SPEED = arc(LCMS_NIC_ENTRY, 4);

    public static final OID LCMS_ROLE = arc(LCMS_OBJECTS, 2);
    public static final OID LCMS_ROLE_TYPE = arc(LCMS_ROLE, 1);
    public static final OID LCMS_ROLE_STATE = arc(LCMS_ROLE, 2);
    public static final OID LCMS_ROLE_CLUSTER_ID = arc(LCMS_ROLE, 3);
    public static final OID LCMS_ROLE_VIP_ADDRESS_TYPE = arc(LCMS_ROLE, 4);
    public static final OID LCMS_ROLE_VIP_ADDRESS = arc(LCMS_ROLE, 5);
    public static final OID LCMS_ROLE_BACKUP_RANK = arc(LCMS_ROLE, 6);
    public static final OID LCMS_ROLE_TAKEOVER_EPOCH = arc(LCMS_ROLE, 7);
    public static final OID LCMS_ROLE_LAST_CHANGE = arc(LCMS_ROLE, 8);
    public static final OID LCMS_ROLE_LAST_ERROR = arc(LCMS_ROLE, 9);

    public static final OID LCMS_LOAD_BALANCER = arc(LCMS_OBJECTS, 3);
    public static final OID LCMS_VS_TABLE = arc(LCMS_LOAD_BALANCER, 1);
    public static final OID LCMS_VS_ENTRY = arc(LCMS_VS_TABLE, 1);
    public static final OID LCMS_VS_ADDRESS_TYPE = arc(LCMS_VS_ENTRY, 2);
    public static final OID LCMS_VS_ADDRESS = arc(LCMS_VS_ENTRY, 3);
    public static final OID LCMS_VS_PORT = arc(LCMS_VS_ENTRY, 4);
    public static final OID LCMS_VS_PROTOCOL = arc(LCMS_VS_ENTRY, 5);
    public static final OID LCMS_VS_SCHEDULER = arc(LCMS_VS_ENTRY, 6);
    public static final OID LCMS_VS_LAST_CHANGE = arc(LCMS_VS_ENTRY, 7);
    public static final OID LCMS_VS_ROW_STATUS = arc(LCMS_VS_ENTRY, 8);
    public static final OID LCMS_RS_TABLE = arc(LCMS_LOAD_BALANCER, 2);
    public static final OID LCMS_RS_ENTRY = arc(LCMS_RS_TABLE, 1);
    public static final OID LCMS_RS_ADDRESS_TYPE = arc(LCMS_RS_ENTRY, 2);
    public static final OID LCMS_RS_ADDRESS = arc(LCMS_RS_ENTRY, 3);
    public static final OID LCMS_RS_PORT = arc(LCMS_RS_ENTRY, 4);
    public static final OID LCMS_RS_WEIGHT = arc(LCMS_RS_ENTRY, 5);
    public static final OID LCMS_RS_STATUS = arc(LCMS_RS_ENTRY, 6);
    public static final OID LCMS_RS_ACTIVE_CONNECTIONS = arc(LCMS_RS_ENTRY, 7);
    public static final OID LCMS_RS_INACTIVE_CONNECTIONS = arc(LCMS_RS_ENTRY, 8);
    public static final OID LCMS_RS_LAST_CHANGE = arc(LCMS_RS_ENTRY, 9);
    public static final OID LCMS_RS_STATUS_CHANGES = arc(LCMS_RS_ENTRY, 10);
    public static final OID LCMS_RS_ROW_STATUS = arc(LCMS_RS_ENTRY, 11);
    public static final OID LCMS_RS_EFFECTIVE_STATUS = arc(LCMS_RS_ENTRY, 12);
    public static final OID LCMS_RS_EFFECTIVE_WEIGHT = arc(LCMS_RS_ENTRY, 13);
    public static final OID LCMS_RS_HEALTH_REASON = arc(LCMS_RS_ENTRY, 14);

    public static final OID LCMS_REAL_SERVER = arc(LCMS_OBJECTS, 4);
    public static final OID LCMS_SERVICE_TABLE = arc(LCMS_REAL_SERVER, 1);
    public static final OID LCMS_SERVICE_ENTRY = arc(LCMS_SERVICE_TABLE, 1);
    public static final OID LCMS_SERVICE_NAME = arc(LCMS_SERVICE_ENTRY, 2);
    public static final OID LCMS_SERVICE_PORT = arc(LCMS_SERVICE_ENTRY, 3);
    public static final OID LCMS_SERVICE_PROTOCOL = arc(LCMS_SERVICE_ENTRY, 4);
    public static final OID LCMS_SERVICE_STATUS = arc(LCMS_SERVICE_ENTRY, 5);
    public static final OID LCMS_SERVICE_CURRENT_CONNECTIONS = arc(LCMS_SERVICE_ENTRY, 6);
    public static final OID LCMS_SERVICE_LAST_CHANGE = arc(LCMS_SERVICE_ENTRY, 7);

    public static final OID LCMS_NOTIFICATION_OBJECTS = arc(LCMS_OBJECTS, 5);
    public static final OID LCMS_NOTIF_PREVIOUS_ROLE_TYPE = arc(LCMS_NOTIFICATION_OBJECTS, 1);
    public static final OID LCMS_NOTIF_PREVIOUS_ROLE_STATE = arc(LCMS_NOTIFICATION_OBJECTS, 2);
    public static final OID LCMS_NOTIF_PREVIOUS_RS_STATUS = arc(LCMS_NOTIFICATION_OBJECTS, 3);
    public static final OID LCMS_NOTIF_PREVIOUS_SERVICE_STATUS = arc(LCMS_NOTIFICATION_OBJECTS, 4);
    public static final OID LCMS_NOTIF_REASON = arc(LCMS_NOTIFICATION_OBJECTS, 5);
    public static final OID LCMS_NOTIF_PEER_ADDRESS_TYPE = arc(LCMS_NOTIFICATION_OBJECTS, 6);
    public static final OID LCMS_NOTIF_PEER_ADDRESS = arc(LCMS_NOTIFICATION_OBJECTS, 7);
    public static final OID LCMS_NOTIF_HOST_NAME = arc(LCMS_NOTIFICATION_OBJECTS, 8);
    public static final OID LCMS_NOTIF_CLUSTER_ID = arc(LCMS_NOTIFICATION_OBJECTS, 9);
    public static final OID LCMS_NOTIF_WANTED_ROLE_TYPE = arc(LCMS_NOTIFICATION_OBJECTS, 10);

    public static final OID LCMS_FAILOVER = arc(LCMS_OBJECTS, 6);
    public static final OID LCMS_FAILOVER_TABLE = arc(LCMS_FAILOVER, 1);
    public static final OID LCMS_FAILOVER_ENTRY = arc(LCMS_FAILOVER_TABLE, 1);
    public static final OID LCMS_FAILOVER_CLUSTER = arc(LCMS_FAILOVER_ENTRY, 2);
    public static final OID LCMS_FAILOVER_RANK = arc(LCMS_FAILOVER_ENTRY, 3);
    public static final OID LCMS_FAILOVER_STATE = arc(LCMS_FAILOVER_ENTRY, 4);
    public static final OID LCMS_FAILOVER_HOLDER = arc(LCMS_FAILOVER_ENTRY, 5);
    public static final OID LCMS_FAILOVER_EPOCH = arc(LCMS_FAILOVER_ENTRY, 6);
    public static final OID LCMS_FAILOVER_LEASE_REMAINING = arc(LCMS_FAILOVER_ENTRY, 7);
    public static final OID LCMS_FAILOVER_REACH = arc(LCMS_FAILOVER_ENTRY, 8);
    public static final OID LCMS_FAILOVER_WITNESSES = arc(LCMS_FAILOVER_ENTRY, 9);
    public static final OID LCMS_FAILOVER_READY_MEMBERS = arc(LCMS_FAILOVER_ENTRY, 10);
    public static final OID LCMS_FAILOVER_PINNED = arc(LCMS_FAILOVER_ENTRY, 11);
    public static final OID LCMS_FAILOVER_HAND_OVER_TO = arc(LCMS_FAILOVER_ENTRY, 12);
    public static final OID LCMS_FAILOVER_HAND_OVER_RESULT = arc(LCMS_FAILOVER_ENTRY, 13);
    /** lcmsFailoverPolicyTable: AUGMENTS lcmsFailoverEntry (same index). */
    public static final OID LCMS_FAILOVER_POLICY_TABLE = arc(LCMS_FAILOVER, 2);
    public static final OID LCMS_FAILOVER_POLICY_ENTRY = arc(LCMS_FAILOVER_POLICY_TABLE, 1);
    public static final OID LCMS_FAILOVER_POLICY_SET = arc(LCMS_FAILOVER_POLICY_ENTRY, 1);
    public static final OID LCMS_FAILOVER_POLICY_IN_FORCE = arc(LCMS_FAILOVER_POLICY_ENTRY, 2);
    public static final OID LCMS_FAILOVER_POLICY_RESULT = arc(LCMS_FAILOVER_POLICY_ENTRY, 3);

    /** LcmsFailoverState values (lcmsFailoverState). */
    public static final int FAILOVER_WITNESS = 1;
    public static final int FAILOVER_STANDBY = 2;
    public static final int FAILOVER_CANDIDATE = 3;
    public static final int FAILOVER_HOLDER = 4;

    /** LcmsRolePhase values. */
    public static final int PHASE_UNKNOWN = 1;
    public static final int PHASE_APPLYING = 2;
    public static final int PHASE_STANDBY = 3;
    public static final int PHASE_ACTIVE = 4;
    public static final int PHASE_FAILED = 5;

    /** LcmsServiceState values. */
    public static final int SERVICE_UP = 1;
    public static final int SERVICE_DOWN = 2;
    public static final int SERVICE_UNKNOWN = 3;

    /** InetAddressType values (RFC 4001). */
    public static final int INET_UNKNOWN = 0;
    public static final int INET_IPV4 = 1;
    public static final int INET_IPV6 = 2;

    private LcmsMib() {
    }

    /**
     * Every OID constant of this class by its LCMS-MIB name ({@code LCMS_HOST_NAME} is {@code lcmsHostName}), for
     * readers that name the objects of a notification; {@code LcmsMibTest} checks each against the MIB.
     */
    public static java.util.SortedMap<OID, String> objectNames() {
        java.util.TreeMap<OID, String> out = new java.util.TreeMap<>();
        for (java.lang.reflect.Field f : LcmsMib.class.getDeclaredFields()) {
            if (f.getType() == OID.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                try {
                    out.put((OID) f.get(null), mibName(f.getName()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return java.util.Collections.unmodifiableSortedMap(out);
    }

    /** LCMS_HOST_NAME -> lcmsHostName; the module identity LCMS_MIB -> lcmsMIB. */
    static String mibName(String constant) {
        if (constant.equals("LCMS_MIB")) {
            return "lcmsMIB";
        }
        String[] parts = constant.toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return b.toString();
    }

    /** The instance OID of a scalar: {@code scalar.0}. */
    public static OID scalar(OID object) {
        return arc(object, 0);
    }

    /** {@code parent.sub}, e.g. a table column's instance for one index. */
    public static OID arc(OID parent, int sub) {
        return new OID(parent.getValue(), new int[] {sub});
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = LcmsMib.class.getResourceAsStream("/org/lcms/mib/oid-arcs.properties")) {
            if (in == null) {
                throw new IllegalStateException("org/lcms/mib/oid-arcs.properties is missing from the mib "
                    + "module's classes; rebuild it with Maven (it is written from the root pom)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (p.getProperty("mib.module", "${").contains("${")) {
            throw new IllegalStateException("oid-arcs.properties was not filtered: " + p);
        }
        return p;
    }
}
