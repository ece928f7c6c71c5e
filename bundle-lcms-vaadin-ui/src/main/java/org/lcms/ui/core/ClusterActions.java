package org.lcms.ui.core;

import java.util.Optional;

/**
 * Which of the cluster view's actions apply to which member in which state. The role check is the
 * {@link AccessPolicy}'s; this is the other half: an action that cannot do anything here (drain a drained server,
 * hand the VIP to the member that holds it) is offered disabled, and refused with this reason if it arrives anyway.
 */
public final class ClusterActions {

    /** @param reason why it does not apply; "" when it does */
    public record Applicability(boolean applies, String reason) {
        /** Applies. */
        public static final Applicability YES = new Applicability(true, "");

        static Applicability no(String reason) {
            return new Applicability(false, reason);
        }
    }

    private ClusterActions() {
    }

    public static Applicability drain(ClusterPicture c, ClusterPicture.RealServerNode rs) {
        return rs.drained() ? Applicability.no("real server " + rs.host() + " of " + c.id() + " is drained already")
            : Applicability.YES;
    }

    public static Applicability enable(ClusterPicture c, ClusterPicture.RealServerNode rs) {
        return rs.drained() ? Applicability.YES
            : Applicability.no("real server " + rs.host() + " of " + c.id() + " is not drained");
    }

    /**
     * Removing is offered for every real server: the model's rule (an active cluster keeps at least one real
     * server) decides, and its refusal is shown.
     */
    public static Applicability remove(ClusterPicture c, ClusterPicture.RealServerNode rs) {
        return Applicability.YES;
    }

    /**
     * Handing the VIP to {@code node}: the cluster must be active, someone must hold the VIP (the holder's agent
     * hands it over), and the target must not be the holder and must answer; the holder's agent checks readiness.
     */
    public static Applicability handVipTo(ClusterPicture c, ClusterPicture.ChainNode node) {
        if (!c.active()) {
            return Applicability.no("cluster " + c.id() + " is inactive: nobody holds its VIP");
        }
        Optional<String> holder = c.vipHolder();
        if (holder.isEmpty()) {
            return Applicability.no("nobody reports holding the VIP of " + c.id() + " (" + c.vipHolderText() + ")");
        }
        if (node.holdsVip() || holder.get().equalsIgnoreCase(node.host())) {
            return Applicability.no(node.host() + " holds the VIP of " + c.id() + " already");
        }
        if (!node.reachable()) {
            return Applicability.no("the agent of " + node.host() + " is " + node.reach()
                + "; it cannot take the VIP");
        }
        return Applicability.YES;
    }

    /** Dissolving always applies; an active cluster is dissolved with force (the confirmation says so). */
    public static Applicability dissolve(ClusterPicture c) {
        return Applicability.YES;
    }

    /** What the dissolve confirmation says it does. */
    public static String dissolveEffect(ClusterPicture c) {
        return "Cluster " + c.id() + " (" + c.service() + ") is deleted from the model and its "
            + (c.chain().size() + c.realServers().size()) + " hosts lose their roles in it."
            + (c.active() ? " It is active: its service stops at once." : "");
    }
}
