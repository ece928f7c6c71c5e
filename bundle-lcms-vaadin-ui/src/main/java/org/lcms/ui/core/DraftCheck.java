package org.lcms.ui.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelChange.CreateCluster;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Rule;
import org.lcms.model.api.VirtualService;

/**
 * Checks the builder's draft before each Next, with the model's own rules: the draft up to the step (the cluster
 * lcms:cluster-build --activate would create from what was entered so far) is decided by the directory as a dry run
 * ({@code ClusterDirectory.check}), and every refusal is put next to the field it is about. Only the parsing of typed
 * text (an address, a number) happens here, as the shell command parses its arguments; no model rule is repeated.
 *
 * <p>A step's draft holds what the steps up to it entered, always active (as the builder applies it), so the
 * two activation rules (a load balancer, a real server) are left to the steps that choose them. A member problem (a
 * host of the wrong potential, taken by another cluster, or chosen twice) is put at the step that added the member:
 * the steps before passed without it.
 */
public final class DraftCheck {
    private DraftCheck() {
    }

    /** The draft's problems as far as {@code step}, by field (in the order of the fields); empty if Next may go on. */
    public static Map<DraftField, String> problems(BuildStep step, ClusterDraft draft,
                                                   Function<ModelChange, List<ModelException>> model) {
        Map<DraftField, List<String>> found = new EnumMap<>(DraftField.class);
        LoadCluster cluster = parse(step, draft, found);
        if (found.isEmpty()) {
            for (ModelException problem : model.apply(new CreateCluster(cluster))) {
                DraftField field = field(problem.rule(), step);
                if (field != null) {
                    found.computeIfAbsent(field, f -> new ArrayList<>()).add(problem.getMessage());
                }
            }
        }
        Map<DraftField, String> out = new LinkedHashMap<>();
        found.forEach((f, messages) -> out.put(f, String.join(" ", messages)));
        return out;
    }

    /** The first step (up to {@code step}) whose check fails, with its problems; empty when all pass. */
    public static Map<DraftField, String> firstProblems(BuildStep step, ClusterDraft draft,
                                                       Function<ModelChange, List<ModelException>> model) {
        for (BuildStep s : BuildStep.values()) {
            Map<DraftField, String> p = problems(s, draft, model);
            if (!p.isEmpty() || s == step) {
                return p;
            }
        }
        return Map.of();
    }

    /** The cluster to create: everything entered, active. Only call after the review passed. */
    public static LoadCluster cluster(ClusterDraft draft) {
        Map<DraftField, List<String>> found = new EnumMap<>(DraftField.class);
        LoadCluster c = parse(BuildStep.REVIEW, draft, found);
        if (!found.isEmpty()) {
            throw new IllegalStateException("the draft does not parse: " + found);
        }
        return c;
    }

    /**
     * Where the model's refusal belongs when it came up at {@code step}; null for an activation rule whose step comes
     * later (the draft is checked active from the start).
     */
    public static DraftField field(Rule rule, BuildStep step) {
        return switch (rule) {
            case CLUSTER_ID, CLUSTER_UNIQUE -> DraftField.ID;
            case IP_ADDRESS, VIP_UNIQUE, ADDRESS_UNIQUE, ACTIVE_SERVICE_FIXED -> DraftField.VIP;
            case SERVICE_PORT -> DraftField.PORT;
            case ACTIVE_NEEDS_LB -> step.compareTo(BuildStep.LOAD_BALANCER) >= 0 ? DraftField.LOAD_BALANCER : null;
            case ACTIVE_NEEDS_RS -> step.compareTo(BuildStep.REAL_SERVERS) >= 0 ? DraftField.REAL_SERVERS : null;
            case WEIGHT_RANGE, ADDRESS_FAMILY -> DraftField.REAL_SERVERS;
            case FAILOVER_POLICY -> DraftField.HEALTH_CHECK;
            case ROLE_POTENTIAL, ONE_CLUSTER, MEMBER_EXISTS, MEMBER_ONCE -> memberField(step);
            default -> DraftField.GENERAL;
        };
    }

    private static DraftField memberField(BuildStep step) {
        return switch (step) {
            case LOAD_BALANCER -> DraftField.LOAD_BALANCER;
            case BACKUPS -> DraftField.BACKUPS;
            case SERVICE, SCHEDULER -> DraftField.GENERAL;
            default -> DraftField.REAL_SERVERS;
        };
    }

    /** The draft up to {@code step} as a cluster; parse errors go to {@code found} (the result is then null). */
    private static LoadCluster parse(BuildStep step, ClusterDraft d, Map<DraftField, List<String>> found) {
        IpAddress vip = null;
        try {
            vip = IpAddress.parse(d.vip());
        } catch (IllegalArgumentException e) {
            add(found, DraftField.VIP, "VIP: " + e.getMessage());
        }
        int port = number(d.port(), DraftField.PORT, "port '" + d.port() + "' is not a port number; give a whole "
            + "number 1..65535", found);
        List<RealServerMember> members = new ArrayList<>();
        if (step.compareTo(BuildStep.REAL_SERVERS) >= 0) {
            d.realServers().forEach((host, weight) -> members.add(new RealServerMember(host, number(weight,
                DraftField.REAL_SERVERS, "real server " + host + ": weight '" + weight + "' is not a weight; give a "
                    + "whole number 0..65535 (0 = no new connections)", found))));
        }
        if (!found.isEmpty()) {
            return null;
        }
        LoadCluster c = LoadCluster.of(d.id(), new VirtualService(vip, port, d.protocol()), d.scheduler())
            .withActive(true);
        if (step.compareTo(BuildStep.LOAD_BALANCER) >= 0) {
            c = c.withLoadBalancer(d.loadBalancer());
        }
        if (step.compareTo(BuildStep.BACKUPS) >= 0) {
            c = c.withBackups(d.backups());
        }
        if (step.compareTo(BuildStep.REAL_SERVERS) >= 0) {
            c = c.withRealServers(members);
        }
        if (step.compareTo(BuildStep.HEALTH_CHECK) >= 0) {
            c = c.withPolicy(d.healthCheck().policy());
        }
        return c;
    }

    private static int number(String text, DraftField field, String message, Map<DraftField, List<String>> found) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            add(found, field, message);
            return 0;
        }
    }

    private static void add(Map<DraftField, List<String>> found, DraftField field, String message) {
        found.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
    }
}
