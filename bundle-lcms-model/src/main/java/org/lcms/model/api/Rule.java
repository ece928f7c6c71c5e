package org.lcms.model.api;

/**
 * The model rules. Every refused change names exactly one of them, so an operator (and a test) can tell
 * which rule was broken; {@link #id()} is stable and shown in messages as {@code [rule id]}.
 */
public enum Rule {
    HOST_NAME("host-name", "a host name is a DNS name: labels of letters, digits and '-', at most 253 characters"),
    HOST_UNIQUE("host-unique", "host names are unique in the inventory (case-insensitive)"),
    IP_ADDRESS("ip-address", "an address is an IPv4 or IPv6 literal that a host can own (not 0.0.0.0, ::, multicast or broadcast)"),
    ADDRESS_UNIQUE("address-unique", "no two hosts share an address, and no host address is a cluster VIP"),
    WEIGHT_RANGE("weight-range", "a weight is 0..65535 (0 = no new connections)"),
    ROLE_POTENTIAL("role-potential", "a host takes only the roles in its role potential"),
    ONE_CLUSTER("one-cluster", "a load balancer or backup server belongs to exactly one cluster and takes no other role"),
    CLUSTER_ID("cluster-id", "a cluster id is 1..32 characters: a lowercase letter, then lowercase letters, digits or '-'"),
    CLUSTER_UNIQUE("cluster-unique", "cluster ids are unique"),
    VIP_UNIQUE("vip-unique", "a virtual IP belongs to one cluster: only one load balancer may answer for it"),
    SERVICE_PORT("service-port", "a service port is 1..65535"),
    MEMBER_EXISTS("member-exists", "every member of a cluster is a host of the inventory"),
    MEMBER_ONCE("member-once", "a host appears at most once in a cluster (as LB, one backup rank, or one real server)"),
    ADDRESS_FAMILY("address-family", "in direct routing a real server has the address family of the VIP"),
    ACTIVE_NEEDS_LB("active-needs-lb", "a cluster needs a load balancer before it can be activated"),
    ACTIVE_NEEDS_RS("active-needs-rs", "an active cluster keeps at least one real server"),
    ACTIVE_SERVICE_FIXED("active-service-fixed", "the VIP, port and protocol of an active cluster do not change"),
    CLUSTER_ACTIVE("cluster-active", "an active cluster is dissolved only when deactivated first or forced"),
    FAILOVER_POLICY("failover-policy", "a cluster's failover policy keeps the node agents' ranges: fail-back delay 0..3600000 ms or never, checks tcp/http/https/script/mib once each, interval 10..3600000 ms, timeout 1..600000 ms, rise and fall 1..100"),
    HOST_IN_USE("host-in-use", "a host that a cluster uses cannot be removed"),
    LOGIN("login", "a login is 1..32 characters: a lowercase letter or '_', then lowercase letters, digits, '.', '_' or '-'"),
    ADMIN_UNIQUE("admin-unique", "logins are unique"),
    PASSWORD_POLICY("password-policy", "a password has 12..128 characters and is not the login"),
    LAST_ADMIN("last-admin", "at least one administrator with role admin remains"),
    TEXT("text", "text fields are single-line printable text within their length"),
    NOT_FOUND("not-found", "the object named must exist"),
    REVISION("revision", "a change is based on the current revision of the object (no silent overwrite)");

    private final String id;
    private final String summary;

    Rule(String id, String summary) {
        this.id = id;
        this.summary = summary;
    }

    /** Stable, short, lowercase identifier, e.g. {@code vip-unique}. */
    public String id() {
        return id;
    }

    /** The rule in one sentence. */
    public String summary() {
        return summary;
    }
}
