package org.lcms.model.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.FailoverPolicy;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Role;
import org.lcms.model.api.Rule;

/**
 * The model rules as pure checks. Field rules look at one object; invariants look at the whole inventory and
 * return every violation they find, so a hand-edited directory can be checked as a whole too.
 */
public final class ModelRules {
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern LOGIN = Pattern.compile("[a-z_][a-z0-9._-]{0,31}");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final int MAX_WEIGHT = 65_535;

    private ModelRules() {
    }

    // ---- field rules -------------------------------------------------------------------------------------

    public static void checkHostName(String name) {
        boolean ok = name != null && !name.isEmpty() && name.length() <= 253 && !name.endsWith(".");
        if (ok) {
            for (String label : name.split("\\.", -1)) {
                ok &= HOST_LABEL.matcher(label).matches();
            }
        }
        if (!ok) {
            throw new ModelException(Rule.HOST_NAME, "'" + name + "' is not a valid host name; use a DNS name "
                + "such as web-1 or lb1.dc1.example.org (letters, digits and '-', labels separated by '.')");
        }
    }

    public static void checkHost(Host h) {
        checkHostName(h.name());
        checkAssignable("host " + h.name(), h.address());
        checkWeight("host " + h.name(), h.weight());
        if (h.memoryMiB() < 0) {
            throw new ModelException(Rule.TEXT, "host " + h.name() + ": memory size " + h.memoryMiB()
                + " MiB is negative; give the size in MiB, or 0 if unknown");
        }
        checkText("host " + h.name(), "CPU type", h.cpuType(), 128);
        checkText("host " + h.name(), "NIC type", h.nicType(), 128);
        checkText("host " + h.name(), "description", h.description(), 1024);
        if (!PROFILE.matcher(h.snmpProfile()).matches()) {
            throw new ModelException(Rule.TEXT, "host " + h.name() + ": SNMP profile '" + h.snmpProfile()
                + "' is not a profile name; use 1..64 letters, digits, '.', '_' or '-'");
        }
        if (h.rolePotential().isEmpty() || h.rolePotential().contains(Role.NONE)) {
            throw new ModelException(Rule.ROLE_POTENTIAL, "host " + h.name() + ": role potential "
                + codes(h.rolePotential()) + " is not usable; list one or more of lb, bs, rs");
        }
    }

    public static void checkCluster(LoadCluster c) {
        if (!CLUSTER_ID.matcher(c.id()).matches()) {
            throw new ModelException(Rule.CLUSTER_ID, "'" + c.id() + "' is not a valid cluster id; use 1..32 "
                + "characters starting with a lowercase letter, then lowercase letters, digits or '-' (e.g. web-80)");
        }
        checkAssignable("cluster " + c.id() + " VIP", c.service().address());
        int port = c.service().port();
        if (port < 1 || port > 65_535) {
            throw new ModelException(Rule.SERVICE_PORT, "cluster " + c.id() + ": port " + port
                + " is outside 1..65535");
        }
        for (RealServerMember m : c.realServers()) {
            checkWeight("cluster " + c.id() + " real server " + m.host(), m.weight());
        }
        checkText("cluster " + c.id(), "description", c.description(), 1024);
        checkPolicy(c.id(), c.policy());
    }

    /**
     * The ranges of the node agent's configuration parser (AgentConfigParser), so that a policy the model accepts
     * is one every agent accepts too: failbackDelay -1 (never) or 0..3600000 ms, healthCheck none or each of tcp,
     * http, https, script, mib at most once, interval 10..3600000 ms, timeout 1..600000 ms, rise and fall 1..100.
     * Whether an agent can run script, mib or https checks depends on its file; the agent refuses those with the
     * reason.
     */
    public static void checkPolicy(String cluster, FailoverPolicy p) {
        String what = "cluster " + cluster + ": failover policy ";
        p.failbackDelayMillis().ifPresent(v -> {
            if (v < -1 || v > 3_600_000) {
                throw new ModelException(Rule.FAILOVER_POLICY, what + "fail-back delay " + v + " ms is outside "
                    + "0..3600000; give the milliseconds the load balancer must be back before it gets the VIP again, "
                    + "or never");
            }
        });
        p.healthChecks().ifPresent(kinds -> {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String k : kinds) {
                if (!FailoverPolicy.CHECK_KINDS.contains(k) || !seen.add(k)) {
                    throw new ModelException(Rule.FAILOVER_POLICY, what + "health check '" + String.join(",", kinds)
                        + "' is not valid; use none, or name each of " + String.join(", ", FailoverPolicy.CHECK_KINDS)
                        + " at most once, comma-separated");
                }
            }
        });
        range(what + "check interval", p.intervalMillis(), 10, 3_600_000, " ms");
        range(what + "check timeout", p.timeoutMillis(), 1, 600_000, " ms");
        p.rise().ifPresent(v -> range(what + "rise", java.util.OptionalLong.of(v), 1, 100, ""));
        p.fall().ifPresent(v -> range(what + "fall", java.util.OptionalLong.of(v), 1, 100, ""));
    }

    private static void range(String what, java.util.OptionalLong value, long min, long max, String unit) {
        value.ifPresent(v -> {
            if (v < min || v > max) {
                throw new ModelException(Rule.FAILOVER_POLICY, what + " " + v + unit + " is outside " + min + ".."
                    + max + unit + "; give a value in that range");
            }
        });
    }

    public static void checkAdministrator(Administrator a) {
        if (!LOGIN.matcher(a.login()).matches()) {
            throw new ModelException(Rule.LOGIN, "'" + a.login() + "' is not a valid login; use 1..32 characters: "
                + "a lowercase letter or '_', then lowercase letters, digits, '.', '_' or '-'");
        }
        checkText("administrator " + a.login(), "display name", a.displayName(), 128);
        if (!a.passwordHash().isWellFormed()) {
            throw new ModelException(Rule.PASSWORD_POLICY, "administrator " + a.login()
                + " has no valid password hash; set a new password");
        }
    }

    static void checkWeight(String what, int weight) {
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new ModelException(Rule.WEIGHT_RANGE, what + ": weight " + weight + " is outside 0.." + MAX_WEIGHT
                + " (0 = no new connections)");
        }
    }

    static void checkAssignable(String what, IpAddress address) {
        if (!address.isAssignable()) {
            throw new ModelException(Rule.IP_ADDRESS, what + ": " + address + " cannot be owned by a host "
                + "(unspecified, multicast or broadcast); give a unicast address");
        }
    }

    static void checkText(String what, String field, String value, int max) {
        if (value.length() > max) {
            throw new ModelException(Rule.TEXT, what + ": " + field + " has " + value.length()
                + " characters; at most " + max + " are kept");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new ModelException(Rule.TEXT, what + ": " + field
                    + " contains a control character (e.g. a line break); use a single line of text");
            }
        }
    }

    // ---- invariants over the whole inventory ------------------------------------------------------------

    /** Every invariant the inventory breaks, in a stable order; empty if it is consistent. */
    public static List<ModelException> violations(Inventory inv) {
        return violations(inv, "");
    }

    /**
     * As {@link #violations(Inventory)}, with cluster {@code focus} (the one being changed) checked last, so that
     * a clash is phrased about it ("cluster api: VIP .. is already the VIP of cluster web"), not about the
     * cluster it collides with.
     */
    public static List<ModelException> violations(Inventory inv, String focus) {
        List<ModelException> out = new ArrayList<>();
        Map<String, String> addressOwner = new HashMap<>();
        for (Host h : inv.hosts()) {
            String previous = addressOwner.putIfAbsent(h.address().toString(), h.name());
            if (previous != null) {
                out.add(new ModelException(Rule.ADDRESS_UNIQUE, "hosts " + previous + " and " + h.name()
                    + " have the same address " + h.address() + "; give each host its own address"));
            }
        }
        Map<String, String> vipOwner = new HashMap<>();
        Map<String, String> exclusiveUse = new HashMap<>(); // host (lowercase) -> "role of cluster"
        Map<String, List<String>> rsUse = new HashMap<>();
        List<LoadCluster> ordered = new ArrayList<>(inv.clusters());
        ordered.sort(java.util.Comparator.comparing((LoadCluster c) -> c.id().equalsIgnoreCase(focus)));
        for (LoadCluster c : ordered) {
            String vip = c.service().address().toString();
            String other = vipOwner.putIfAbsent(vip, c.id());
            if (other != null) {
                out.add(new ModelException(Rule.VIP_UNIQUE, "cluster " + c.id() + ": VIP " + vip
                    + " is already the VIP of cluster " + other + "; a VIP is owned by one load balancer, "
                    + "so choose another VIP"));
            }
            if (addressOwner.containsKey(vip)) {
                out.add(new ModelException(Rule.ADDRESS_UNIQUE, "cluster " + c.id() + ": VIP " + vip
                    + " is the address of host " + addressOwner.get(vip) + "; a VIP must be an address no host "
                    + "owns (it moves between load balancer and backups)"));
            }
            checkMembers(inv, c, out, exclusiveUse, rsUse);
            if (c.active() && !c.hasLoadBalancer()) {
                out.add(new ModelException(Rule.ACTIVE_NEEDS_LB, "cluster " + c.id()
                    + " has no load balancer; set one (lcms:cluster-set-lb) before activating it"));
            }
            if (c.active() && c.realServers().isEmpty()) {
                out.add(new ModelException(Rule.ACTIVE_NEEDS_RS, "cluster " + c.id()
                    + " has no real server; add one (lcms:cluster-add-rs) before activating it, or deactivate it "
                    + "before removing its last one"));
            }
        }
        for (Map.Entry<String, List<String>> e : rsUse.entrySet()) {
            String exclusive = exclusiveUse.get(e.getKey());
            if (exclusive != null) {
                String name = inv.host(e.getKey()).map(Host::name).orElse(e.getKey());
                out.add(new ModelException(Rule.ONE_CLUSTER, "host " + name + " is " + exclusive
                    + " and a real server of " + String.join(", ", e.getValue()) + "; a load balancer or backup "
                    + "server takes no other role: use another host"));
            }
        }
        boolean anyAdmin = inv.administrators().stream().anyMatch(a -> a.role() == AdminRole.ADMIN);
        if (!inv.administrators().isEmpty() && !anyAdmin) {
            out.add(new ModelException(Rule.LAST_ADMIN, "no administrator with role admin would remain; "
                + "keep at least one, or nobody can change LCMS any more"));
        }
        return out;
    }

    private static void checkMembers(Inventory inv, LoadCluster c, List<ModelException> out,
                                     Map<String, String> exclusiveUse, Map<String, List<String>> rsUse) {
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> members = new ArrayList<>(); // {host, role code, role words}
        if (c.hasLoadBalancer()) {
            members.add(new String[] {c.loadBalancer(), "lb", "the load balancer of " + c.id()});
        }
        for (int i = 0; i < c.backups().size(); i++) {
            members.add(new String[] {c.backups().get(i), "bs", "backup " + (i + 1) + " of " + c.id()});
        }
        for (RealServerMember m : c.realServers()) {
            members.add(new String[] {m.host(), "rs", "a real server of " + c.id()});
        }
        for (String[] m : members) {
            String host = m[0];
            Role role = Role.parse(m[1]);
            String key = host.toLowerCase(Locale.ROOT);
            if (!seen.add(key)) {
                out.add(new ModelException(Rule.MEMBER_ONCE, "cluster " + c.id() + ": host " + host
                    + " is named twice; a host has one place in a cluster (LB, one backup rank, or one real server)"));
                continue;
            }
            Host h = inv.host(host).orElse(null);
            if (h == null) {
                out.add(new ModelException(Rule.MEMBER_EXISTS, "cluster " + c.id() + ": host " + host
                    + " is not in the inventory; add it first (lcms:host-add) or check the name"));
                continue;
            }
            if (!h.rolePotential().contains(role)) {
                out.add(new ModelException(Rule.ROLE_POTENTIAL, "host " + h.name() + " cannot be " + m[2]
                    + ": its role potential is " + codes(h.rolePotential()) + "; choose another host or change "
                    + "its role potential (lcms:host-change --potential ROLES " + h.name() + ")"));
            }
            if (role == Role.REAL_SERVER) {
                if (h.address().isIpv4() != c.service().address().isIpv4()) {
                    out.add(new ModelException(Rule.ADDRESS_FAMILY, "cluster " + c.id() + ": real server "
                        + h.name() + " (" + h.address() + ") and VIP " + c.service().address() + " are of different "
                        + "address families; direct routing forwards the client packet unchanged, so use a real "
                        + "server of the VIP's family"));
                }
                rsUse.computeIfAbsent(h.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(c.id());
            } else {
                String previous = exclusiveUse.putIfAbsent(h.name().toLowerCase(Locale.ROOT), m[2]);
                if (previous != null) {
                    out.add(new ModelException(Rule.ONE_CLUSTER, "host " + h.name() + " is already " + previous
                        + " and cannot also be " + m[2] + "; a load balancer or backup server belongs to one "
                        + "cluster: use another host"));
                }
            }
        }
    }

    static String codes(Set<Role> roles) {
        List<String> c = new ArrayList<>();
        roles.forEach(r -> c.add(r.code()));
        return c.isEmpty() ? "(none)" : String.join(",", c);
    }
}
