package org.lcms.model.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ConflictException;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelChange.AddAdministrator;
import org.lcms.model.api.ModelChange.AddHost;
import org.lcms.model.api.ModelChange.CreateCluster;
import org.lcms.model.api.ModelChange.DissolveCluster;
import org.lcms.model.api.ModelChange.RemoveAdministrator;
import org.lcms.model.api.ModelChange.RemoveHost;
import org.lcms.model.api.ModelChange.RecordEvent;
import org.lcms.model.api.ModelChange.ReportRoleState;
import org.lcms.model.api.ModelChange.UpdateAdministrator;
import org.lcms.model.api.ModelChange.UpdateCluster;
import org.lcms.model.api.ModelChange.UpdateHost;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.ObjectKind;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Revision;
import org.lcms.model.api.Rule;

/**
 * Decides a change: checks it against the rules on a snapshot and computes the next snapshot, the entry writes
 * and the history record. Pure: no I/O, the caller supplies the clock reading. Check, decide — the directory
 * adapter acts.
 */
public final class ChangeEngine {

    /** What a change does. {@code record} is empty (and {@code writes} too) when the change changes nothing. */
    public record Outcome(Inventory next, List<Write> writes, Optional<ChangeRecord> record) {
    }

    private static final java.util.regex.Pattern EVENT_NAME = java.util.regex.Pattern.compile(
        "[A-Za-z][A-Za-z0-9-]{0,63}");

    private ChangeEngine() {
    }

    /**
     * Every rule {@code change} breaks on {@code current}, as {@link #decide} would refuse it (empty if it would
     * accept it). Decides without writing anything: a dry run for a caller that checks a draft first.
     */
    public static List<ModelException> check(Inventory current, String actor, Instant now, ModelChange change) {
        try {
            decide(current, actor, now, change);
            return List.of();
        } catch (ModelException e) {
            return e.problems();
        }
    }

    public static Outcome decide(Inventory current, String actor, Instant now, ModelChange change) {
        Objects.requireNonNull(actor, "actor");
        if (actor.isBlank()) {
            throw new IllegalArgumentException("a change needs an actor (administrator login or component)");
        }
        // Java 17 has no pattern switch; the sealed interface keeps this list complete.
        if (change instanceof AddHost c) {
            return addHost(current, actor, now, c);
        } else if (change instanceof UpdateHost c) {
            return updateHost(current, actor, now, c);
        } else if (change instanceof RemoveHost c) {
            return removeHost(current, actor, now, c);
        } else if (change instanceof ReportRoleState c) {
            return reportRoleState(current, actor, now, c);
        } else if (change instanceof RecordEvent c) {
            return recordEvent(current, actor, now, c);
        } else if (change instanceof CreateCluster c) {
            return createCluster(current, actor, now, c);
        } else if (change instanceof UpdateCluster c) {
            return updateCluster(current, actor, now, c);
        } else if (change instanceof DissolveCluster c) {
            return dissolveCluster(current, actor, now, c);
        } else if (change instanceof AddAdministrator c) {
            return addAdministrator(current, actor, now, c);
        } else if (change instanceof UpdateAdministrator c) {
            return updateAdministrator(current, actor, now, c);
        } else if (change instanceof RemoveAdministrator c) {
            return removeAdministrator(current, actor, now, c);
        }
        throw new IllegalArgumentException("unknown change " + change);
    }

    // ---- hosts ---------------------------------------------------------------------------------------------

    private static Outcome addHost(Inventory cur, String actor, Instant now, AddHost c) {
        Host h = c.host();
        ModelRules.checkHost(h);
        cur.host(h.name()).ifPresent(existing -> {
            throw new ModelException(Rule.HOST_UNIQUE, "host " + existing.name() + " already exists ("
                + existing.address() + "); choose another name or change the existing host");
        });
        Host stored = h.withRevision(new Revision(1, actor, now));
        Inventory next = withHost(cur, stored, null);
        checkNoNewViolations(cur, next);
        return outcome(cur, next, actor, now, new Write.Put(ObjectKind.HOST, stored.name(), stored, 0),
            ObjectKind.HOST, stored.name(), "host-added", "added " + describe(stored), Set.of());
    }

    private static Outcome updateHost(Inventory cur, String actor, Instant now, UpdateHost c) {
        Host old = existingHost(cur, c.host().name());
        checkRevision("host " + old.name(), c.expectedRevision(), old.revision());
        // The reported role state belongs to the agent, not to the editor: keep it.
        Host wanted = c.host().withRoleState(old.roleState());
        ModelRules.checkHost(wanted);
        String diff = diffHost(old, wanted);
        if (diff.isEmpty()) {
            return unchanged(cur);
        }
        Host stored = wanted.withRevision(old.revision().next(actor, now));
        Inventory next = withHost(cur, stored, old.name());
        checkNoNewViolations(cur, next);
        return outcome(cur, next, actor, now, new Write.Put(ObjectKind.HOST, old.name(), stored,
                old.revision().number()), ObjectKind.HOST, old.name(), "host-changed", diff,
            clusterIds(cur.clustersUsing(old.name())));
    }

    private static Outcome removeHost(Inventory cur, String actor, Instant now, RemoveHost c) {
        Host old = existingHost(cur, c.name());
        checkRevision("host " + old.name(), c.expectedRevision(), old.revision());
        List<LoadCluster> using = cur.clustersUsing(old.name());
        if (!using.isEmpty()) {
            String uses = using.stream().map(cl -> cl.id() + " (" + cl.roleOf(old.name()).code() + ")")
                .collect(Collectors.joining(", "));
            throw new ModelException(Rule.HOST_IN_USE, "host " + old.name() + " is used by cluster " + uses
                + "; remove it from " + (using.size() == 1 ? "that cluster (or dissolve it)"
                : "those clusters (or dissolve them)") + " first");
        }
        Inventory next = new Inventory(cur.modelRevision(),
            cur.hosts().stream().filter(h -> h != old).toList(), cur.clusters(), cur.administrators());
        return outcome(cur, next, actor, now, new Write.Delete(ObjectKind.HOST, old.name(),
            old.revision().number()), ObjectKind.HOST, old.name(), "host-removed", "removed " + describe(old),
            Set.of());
    }

    private static Outcome reportRoleState(Inventory cur, String actor, Instant now, ReportRoleState c) {
        Host old = existingHost(cur, c.name());
        if (old.roleState() == c.state()) {
            return unchanged(cur);
        }
        Host stored = old.withRoleState(c.state()).withRevision(old.revision().next(actor, now));
        Inventory next = withHost(cur, stored, old.name());
        return outcome(cur, next, actor, now, new Write.Put(ObjectKind.HOST, old.name(), stored,
                old.revision().number()), ObjectKind.HOST, old.name(), "role-state-reported",
            "role state " + old.roleState().code() + " -> " + c.state().code(),
            clusterIds(cur.clustersUsing(old.name())));
    }

    /** An event: no object changes, one history record, the next model revision. */
    private static Outcome recordEvent(Inventory cur, String actor, Instant now, RecordEvent c) {
        if (c.objectName().isBlank()) {
            throw new ModelException(Rule.TEXT, "an event needs the name of the " + c.kind().code()
                + " it concerns");
        }
        ModelRules.checkText("event about " + c.kind().code(), "object name", c.objectName(), 253);
        if (!EVENT_NAME.matcher(c.event()).matches()) {
            throw new ModelException(Rule.TEXT, "event '" + c.event() + "' about " + c.objectName()
                + " is not an event name; use a letter, then up to 63 letters, digits or '-'");
        }
        ModelRules.checkText("event " + c.event() + " about " + c.objectName(), "detail", c.detail(), 4096);
        Set<String> clusters = new TreeSet<>(c.clusters());
        if (c.kind() == ObjectKind.HOST) {
            clusters.addAll(clusterIds(cur.clustersUsing(c.objectName())));
        }
        long number = cur.modelRevision() + 1;
        return new Outcome(cur.withModelRevision(number), List.of(), Optional.of(new ChangeRecord(number, now, actor,
            c.kind(), c.objectName(), c.event(), c.detail(), clusters)));
    }

    // ---- clusters ------------------------------------------------------------------------------------------

    private static Outcome createCluster(Inventory cur, String actor, Instant now, CreateCluster c) {
        LoadCluster cl = canonicalMembers(cur, c.cluster());
        ModelRules.checkCluster(cl);
        cur.cluster(cl.id()).ifPresent(existing -> {
            throw new ModelException(Rule.CLUSTER_UNIQUE, "cluster " + existing.id() + " already exists ("
                + existing.service() + "); choose another id or change the existing cluster");
        });
        LoadCluster stored = cl.withRevision(new Revision(1, actor, now));
        Inventory next = withCluster(cur, stored, null);
        checkNoNewViolations(cur, next, stored.id());
        return outcome(cur, next, actor, now, new Write.Put(ObjectKind.CLUSTER, stored.id(), stored, 0),
            ObjectKind.CLUSTER, stored.id(), "cluster-built", "built " + describe(stored), Set.of(stored.id()));
    }

    private static Outcome updateCluster(Inventory cur, String actor, Instant now, UpdateCluster c) {
        LoadCluster old = existingCluster(cur, c.cluster().id());
        checkRevision("cluster " + old.id(), c.expectedRevision(), old.revision());
        LoadCluster wanted = canonicalMembers(cur, c.cluster());
        ModelRules.checkCluster(wanted);
        if (old.active() && wanted.active() && !old.service().equals(wanted.service())) {
            throw new ModelException(Rule.ACTIVE_SERVICE_FIXED, "cluster " + old.id() + " is active on "
                + old.service() + "; deactivate it (lcms:cluster-deactivate " + old.id() + ") before moving it to "
                + wanted.service());
        }
        String diff = diffCluster(old, wanted);
        if (diff.isEmpty()) {
            return unchanged(cur);
        }
        LoadCluster stored = wanted.withRevision(old.revision().next(actor, now));
        Inventory next = withCluster(cur, stored, old.id());
        checkNoNewViolations(cur, next, old.id());
        String action = old.active() == stored.active() ? "cluster-changed"
            : stored.active() ? "cluster-activated" : "cluster-deactivated";
        return outcome(cur, next, actor, now, new Write.Put(ObjectKind.CLUSTER, old.id(), stored,
            old.revision().number()), ObjectKind.CLUSTER, old.id(), action, diff, Set.of(old.id()));
    }

    private static Outcome dissolveCluster(Inventory cur, String actor, Instant now, DissolveCluster c) {
        LoadCluster old = existingCluster(cur, c.id());
        checkRevision("cluster " + old.id(), c.expectedRevision(), old.revision());
        if (old.active() && !c.force()) {
            throw new ModelException(Rule.CLUSTER_ACTIVE, "cluster " + old.id() + " is active and serving "
                + old.service() + "; deactivate it first (lcms:cluster-deactivate " + old.id()
                + ") or dissolve it anyway (lcms:cluster-dissolve --force " + old.id() + ")");
        }
        Inventory next = new Inventory(cur.modelRevision(), cur.hosts(),
            cur.clusters().stream().filter(x -> x != old).toList(), cur.administrators());
        return outcome(cur, next, actor, now, new Write.Delete(ObjectKind.CLUSTER, old.id(),
                old.revision().number()), ObjectKind.CLUSTER, old.id(), "cluster-dissolved",
            "dissolved " + describe(old) + "; its hosts have no role in it any more", Set.of(old.id()));
    }

    // ---- administrators ------------------------------------------------------------------------------------

    private static Outcome addAdministrator(Inventory cur, String actor, Instant now, AddAdministrator c) {
        Administrator a = c.administrator();
        ModelRules.checkAdministrator(a);
        cur.administrator(a.login()).ifPresent(existing -> {
            throw new ModelException(Rule.ADMIN_UNIQUE, "administrator " + existing.login()
                + " already exists; choose another login");
        });
        Administrator stored = a.withRevision(new Revision(1, actor, now));
        Inventory next = withAdministrator(cur, stored, null);
        checkNoNewViolations(cur, next);
        return outcome(cur, next, actor, now, new Write.Put(ObjectKind.ADMINISTRATOR, stored.login(), stored, 0),
            ObjectKind.ADMINISTRATOR, stored.login(), "administrator-added",
            "added administrator " + stored.login() + " (" + stored.role().code() + ")", Set.of());
    }

    private static Outcome updateAdministrator(Inventory cur, String actor, Instant now, UpdateAdministrator c) {
        Administrator old = existingAdministrator(cur, c.administrator().login());
        checkRevision("administrator " + old.login(), c.expectedRevision(), old.revision());
        Administrator wanted = c.administrator();
        ModelRules.checkAdministrator(wanted);
        List<String> changes = new ArrayList<>();
        if (!old.displayName().equals(wanted.displayName())) {
            changes.add("display name '" + old.displayName() + "' -> '" + wanted.displayName() + "'");
        }
        if (old.role() != wanted.role()) {
            changes.add("role " + old.role().code() + " -> " + wanted.role().code());
        }
        if (!old.passwordHash().equals(wanted.passwordHash())) {
            changes.add("password changed");
        }
        if (changes.isEmpty()) {
            return unchanged(cur);
        }
        if (old.role() == AdminRole.ADMIN && wanted.role() != AdminRole.ADMIN && otherAdmins(cur, old) == 0) {
            throw new ModelException(Rule.LAST_ADMIN, "administrator " + old.login() + " is the last one with role "
                + "admin and cannot become " + wanted.role().code() + "; give another administrator role admin first");
        }
        Administrator stored = wanted.withRevision(old.revision().next(actor, now));
        Inventory next = withAdministrator(cur, stored, old.login());
        checkNoNewViolations(cur, next);
        return outcome(cur, next, actor, now, new Write.Put(ObjectKind.ADMINISTRATOR, old.login(), stored,
                old.revision().number()), ObjectKind.ADMINISTRATOR, old.login(), "administrator-changed",
            String.join("; ", changes), Set.of());
    }

    private static Outcome removeAdministrator(Inventory cur, String actor, Instant now, RemoveAdministrator c) {
        Administrator old = existingAdministrator(cur, c.login());
        checkRevision("administrator " + old.login(), c.expectedRevision(), old.revision());
        Inventory next = new Inventory(cur.modelRevision(), cur.hosts(), cur.clusters(),
            cur.administrators().stream().filter(a -> a != old).toList());
        if (old.role() == AdminRole.ADMIN && otherAdmins(cur, old) == 0) {
            throw new ModelException(Rule.LAST_ADMIN, "administrator " + old.login()
                + " is the last one with role admin; add another administrator with role admin first");
        }
        checkNoNewViolations(cur, next);
        return outcome(cur, next, actor, now, new Write.Delete(ObjectKind.ADMINISTRATOR, old.login(),
                old.revision().number()), ObjectKind.ADMINISTRATOR, old.login(), "administrator-removed",
            "removed administrator " + old.login(), Set.of());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static Outcome outcome(Inventory cur, Inventory next, String actor, Instant now, Write write,
                                   ObjectKind kind, String name, String action, String detail, Set<String> clusters) {
        long number = cur.modelRevision() + 1;
        ChangeRecord record = new ChangeRecord(number, now, actor, kind, name, action, detail, clusters);
        return new Outcome(next.withModelRevision(number), List.of(write), Optional.of(record));
    }

    private static Outcome unchanged(Inventory cur) {
        return new Outcome(cur, List.of(), Optional.empty());
    }

    /**
     * Refuses a change that breaks an invariant the model did not already break. Violations that were there
     * before (a hand-edited directory) do not block unrelated changes; they are reported by a full check.
     */
    static void checkNoNewViolations(Inventory before, Inventory after) {
        checkNoNewViolations(before, after, "");
    }

    /** {@code focus}: the cluster being changed, so that messages are phrased about it. */
    static void checkNoNewViolations(Inventory before, Inventory after, String focus) {
        Set<String> old = new HashSet<>();
        ModelRules.violations(before, focus).forEach(e -> old.add(e.getMessage()));
        List<ModelException> fresh = ModelRules.violations(after, focus).stream()
            .filter(e -> !old.contains(e.getMessage())).toList();
        if (!fresh.isEmpty()) {
            // Aggregate: the operator sees every problem at once, the first rule names the exception.
            throw ModelException.of(fresh);
        }
    }

    private static long otherAdmins(Inventory inv, Administrator except) {
        return inv.administrators().stream().filter(a -> a != except && a.role() == AdminRole.ADMIN).count();
    }

    private static void checkRevision(String what, long expected, Revision current) {
        if (expected != Revision.ANY && expected != current.number()) {
            throw new ConflictException(what, expected, current);
        }
    }

    /** Member names are stored as the inventory spells them, so the directory never holds two spellings. */
    private static LoadCluster canonicalMembers(Inventory inv, LoadCluster c) {
        Function<String, String> canon = n -> inv.host(n).map(Host::name).orElse(n);
        return c.withLoadBalancer(c.loadBalancer().isEmpty() ? "" : canon.apply(c.loadBalancer()))
            .withBackups(c.backups().stream().map(canon).toList())
            .withRealServers(c.realServers().stream()
                .map(m -> new RealServerMember(canon.apply(m.host()), m.weight(), m.drained())).toList());
    }

    private static Host existingHost(Inventory inv, String name) {
        return inv.host(name).orElseThrow(() -> new ModelException(Rule.NOT_FOUND, "there is no host '" + name
            + "'; lcms:host-list shows the inventory"));
    }

    private static LoadCluster existingCluster(Inventory inv, String id) {
        return inv.cluster(id).orElseThrow(() -> new ModelException(Rule.NOT_FOUND, "there is no cluster '" + id
            + "'; lcms:cluster-list shows the clusters"));
    }

    private static Administrator existingAdministrator(Inventory inv, String login) {
        return inv.administrator(login).orElseThrow(() -> new ModelException(Rule.NOT_FOUND,
            "there is no administrator '" + login + "'; lcms:admin-list shows them"));
    }

    private static Inventory withHost(Inventory inv, Host h, String replacing) {
        List<Host> hosts = new ArrayList<>(inv.hosts());
        if (replacing != null) {
            hosts.removeIf(x -> x.name().equalsIgnoreCase(replacing));
        }
        hosts.add(h);
        return new Inventory(inv.modelRevision(), hosts, inv.clusters(), inv.administrators());
    }

    private static Inventory withCluster(Inventory inv, LoadCluster c, String replacing) {
        List<LoadCluster> clusters = new ArrayList<>(inv.clusters());
        if (replacing != null) {
            clusters.removeIf(x -> x.id().equalsIgnoreCase(replacing));
        }
        clusters.add(c);
        return new Inventory(inv.modelRevision(), inv.hosts(), clusters, inv.administrators());
    }

    private static Inventory withAdministrator(Inventory inv, Administrator a, String replacing) {
        List<Administrator> admins = new ArrayList<>(inv.administrators());
        if (replacing != null) {
            admins.removeIf(x -> x.login().equalsIgnoreCase(replacing));
        }
        admins.add(a);
        return new Inventory(inv.modelRevision(), inv.hosts(), inv.clusters(), admins);
    }

    private static Set<String> clusterIds(List<LoadCluster> clusters) {
        Set<String> ids = new LinkedHashSet<>();
        clusters.forEach(c -> ids.add(c.id()));
        return ids;
    }

    static String describe(Host h) {
        return "host " + h.name() + " " + h.address() + " weight " + h.weight() + " potential "
            + ModelRules.codes(h.rolePotential());
    }

    static String describe(LoadCluster c) {
        return "cluster " + c.id() + " " + c.service() + " " + c.scheduler().code()
            + (c.hasLoadBalancer() ? " lb " + c.loadBalancer() : " no lb")
            + (c.backups().isEmpty() ? "" : " backups " + String.join(",", c.backups()))
            + " rs " + c.realServers().stream().map(m -> m.host() + "(" + m.weight() + (m.drained() ? " drained" : "")
                + ")")
                .collect(Collectors.joining(","))
            + (c.active() ? " active" : " inactive")
            + (c.policy().isEmpty() ? "" : " policy " + c.policy().text());
    }

    static String diffHost(Host a, Host b) {
        List<String> d = new ArrayList<>();
        diff(d, "address", a.address(), b.address());
        diff(d, "CPU type", a.cpuType(), b.cpuType());
        diff(d, "memory MiB", a.memoryMiB(), b.memoryMiB());
        diff(d, "NIC type", a.nicType(), b.nicType());
        diff(d, "weight", a.weight(), b.weight());
        diff(d, "role potential", ModelRules.codes(a.rolePotential()), ModelRules.codes(b.rolePotential()));
        diff(d, "SNMP profile", a.snmpProfile(), b.snmpProfile());
        diff(d, "description", a.description(), b.description());
        return String.join("; ", d);
    }

    static String diffCluster(LoadCluster a, LoadCluster b) {
        List<String> d = new ArrayList<>();
        diff(d, "service", a.service(), b.service());
        diff(d, "scheduler", a.scheduler().code(), b.scheduler().code());
        diff(d, "load balancer", a.loadBalancer().isEmpty() ? "(none)" : a.loadBalancer(),
            b.loadBalancer().isEmpty() ? "(none)" : b.loadBalancer());
        diff(d, "backups", a.backups().isEmpty() ? "(none)" : String.join(",", a.backups()),
            b.backups().isEmpty() ? "(none)" : String.join(",", b.backups()));
        for (var m : b.realServers()) {
            a.realServer(m.host()).ifPresentOrElse(
                old -> {
                    diff(d, "real server " + m.host() + " weight", old.weight(), m.weight());
                    diff(d, "real server " + m.host(), old.drained() ? "drained" : "enabled",
                        m.drained() ? "drained" : "enabled");
                },
                () -> d.add("real server " + m.host() + " added (weight " + m.weight() + (m.drained() ? ", drained"
                    : "") + ")"));
        }
        for (var m : a.realServers()) {
            if (b.realServer(m.host()).isEmpty()) {
                d.add("real server " + m.host() + " removed");
            }
        }
        diff(d, "state", a.active() ? "active" : "inactive", b.active() ? "active" : "inactive");
        diff(d, "description", a.description(), b.description());
        diff(d, "failover policy", a.policy(), b.policy());
        return String.join("; ", d);
    }

    private static void diff(List<String> out, String label, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.add(label + " " + a + " -> " + b);
        }
    }
}
