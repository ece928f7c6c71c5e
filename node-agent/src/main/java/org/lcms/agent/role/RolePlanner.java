package org.lcms.agent.role;

import java.util.ArrayList;
import java.util.List;

/**
 * Plans the steps from one role to another (pure; no I/O). Every target is reached by first undoing what the
 * current role put in place, then setting up the new one, so applying a plan is reversible and planning
 * {@code current -> current} yields steps whose effect is already there (executors skip them).
 *
 * <pre>
 * role   what the host gets (LVS direct routing)
 * none   nothing: VIPs removed, ARP sysctls back to what they were
 * rs     VIP/32 on lo; arp_ignore=1 (answer ARP only for addresses of the incoming interface) and
 *        arp_announce=2 (never use the VIP as ARP source), on "all" and "lo": the RS must never answer ARP
 *        for the VIP, or clients would bypass the load balancer
 * lb     VIP/32 on the service interface (the dispatch table is the data-plane driver's, not this plan's);
 *        nothing when the failover owns the VIP ({@link RoleTarget#vipByFailover()}): it adds the VIP while it holds
 *        the lease, behind its fence, and removes it when the lease ends
 * bs     nothing: a standby backup only watches; the failover gives it the VIP when it takes over
 * </pre>
 *
 * <p>The rule for the VIP: one owner per address. Without a failover for the VIP on this host the role owns it (as
 * above). With one, the role never adds or removes it, not even when leaving a role that added it before the
 * failover was configured for it: the failover may hold it at that moment.
 */
public final class RolePlanner {
    static final String ARP_IGNORE = "net/ipv4/conf/%s/arp_ignore";
    static final String ARP_ANNOUNCE = "net/ipv4/conf/%s/arp_announce";

    private RolePlanner() {
    }

    /**
     * @param saved the sysctl values the host had before it became a real server, to restore on leaving the role
     */
    public static List<HostStep> plan(RoleTarget current, RoleTarget target, SavedSysctls saved) {
        List<HostStep> steps = new ArrayList<>();
        if (!current.equals(target)) {
            for (HostStep s : undo(current, saved)) {
                if (!(s instanceof HostStep.RemoveAddress r && failoverOwns(target, r.prefix()))) {
                    steps.add(s);
                }
            }
        }
        steps.addAll(setUp(target));
        return steps;
    }

    /** Whether the target leaves this address to the failover. */
    private static boolean failoverOwns(RoleTarget target, String prefix) {
        return target.vipByFailover() && target.vipPrefix().equals(prefix);
    }

    static List<HostStep> setUp(RoleTarget t) {
        return switch (t.role()) {
            case NONE, BACKUP_SERVER -> List.of();
            case LOAD_BALANCER -> t.vipByFailover() ? List.of()
                : List.of(new HostStep.AddAddress(t.vipPrefix(), t.serviceInterface()));
            case REAL_SERVER -> {
                List<HostStep> s = new ArrayList<>();
                if (t.ipv4()) {
                    for (String dev : List.of("all", "lo")) {
                        s.add(new HostStep.SetSysctl(String.format(ARP_IGNORE, dev), "1"));
                        s.add(new HostStep.SetSysctl(String.format(ARP_ANNOUNCE, dev), "2"));
                    }
                }
                s.add(new HostStep.AddAddress(t.vipPrefix(), "lo"));
                yield s;
            }
        };
    }

    static List<HostStep> undo(RoleTarget c, SavedSysctls saved) {
        return switch (c.role()) {
            case NONE, BACKUP_SERVER -> List.of();
            case LOAD_BALANCER -> c.vipByFailover() ? List.of()
                : List.of(new HostStep.RemoveAddress(c.vipPrefix(), c.serviceInterface()));
            case REAL_SERVER -> {
                List<HostStep> s = new ArrayList<>();
                s.add(new HostStep.RemoveAddress(c.vipPrefix(), "lo"));
                if (c.ipv4()) {
                    for (String dev : List.of("all", "lo")) {
                        s.add(new HostStep.SetSysctl(String.format(ARP_IGNORE, dev),
                            saved.valueOr(String.format(ARP_IGNORE, dev), "0")));
                        s.add(new HostStep.SetSysctl(String.format(ARP_ANNOUNCE, dev),
                            saved.valueOr(String.format(ARP_ANNOUNCE, dev), "0")));
                    }
                }
                yield s;
            }
        };
    }
}
