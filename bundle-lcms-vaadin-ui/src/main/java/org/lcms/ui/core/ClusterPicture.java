package org.lcms.ui.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One load cluster as the cluster view draws it: clients, then the VIP, then the load balancer with its backups in
 * takeover order, then the real servers. The model says what the cluster should be, the live state what its agents
 * report; every text here is ready to show.
 *
 * @param service VIP:port/protocol
 * @param revision the cluster's model revision the picture is based on (an edit made from it names it)
 * @param vipHolder the member whose agent holds the VIP, empty when none does or it is not known
 * @param vipHolderText who holds the VIP, or why it is not known
 * @param chain the load balancer (rank 0) and the backups in order
 * @param problems what is missing to show live state (one line each), empty when all is there
 */
public record ClusterPicture(String id, String service, String scheduler, boolean active, long revision,
                             Optional<String> vipHolder, String vipHolderText, List<ChainNode> chain,
                             List<RealServerNode> realServers, List<String> problems) {

    public ClusterPicture {
        chain = List.copyOf(chain);
        realServers = List.copyOf(realServers);
        problems = List.copyOf(problems);
    }

    /**
     * A load balancer or backup.
     *
     * @param rank 0 the load balancer, 1 the primary backup, ...
     * @param reach reachable, unreachable or unknown (its agent, as the SNMP manager sees it)
     * @param roleState the role state its agent reports (active, standby, applying, failed, unknown)
     * @param election its own view of the VIP election (holder, standby, candidate, witness) or "-"
     * @param holdsVip its own report says it holds the VIP
     */
    public record ChainNode(String host, String address, int rank, String reach, String roleState, String election,
                            boolean holdsVip) {

        /** "load balancer" or "backup 1". */
        public String roleLabel() {
            return rank == 0 ? "load balancer" : "backup " + rank;
        }

        public boolean reachable() {
            return "reachable".equals(reach);
        }
    }

    /**
     * A real server.
     *
     * @param status up, down, draining, held out or unknown (see {@link ClusterPictures#status})
     * @param healthReason why the health checks dispatch it differently from the operator's values, or ""
     * @param weight the model's (configured) weight
     * @param effectiveWeight the weight it is dispatched with, empty when nobody dispatches it
     * @param connections active connections (and inactive), empty when nobody dispatches it
     * @param drained the operator drained it (model)
     * @param lastChange when its status last changed (the newest lcmsRealServerStateChange of it), if known
     * @param statusChanges how often its status changed since the load balancer's agent started, -1 unknown
     */
    public record RealServerNode(String host, String address, String status, String healthReason, int weight,
                                 Optional<Integer> effectiveWeight, Optional<String> connections, boolean drained,
                                 Optional<Instant> lastChange, long statusChanges) {
    }

    public Optional<ChainNode> chainNode(String host) {
        return chain.stream().filter(n -> n.host().equalsIgnoreCase(host)).findFirst();
    }

    public Optional<RealServerNode> realServer(String host) {
        return realServers.stream().filter(n -> n.host().equalsIgnoreCase(host)).findFirst();
    }

    /** Whether the picture has the same members in the same places as {@code other} (only their states differ). */
    public boolean sameShape(ClusterPicture other) {
        return other != null && id.equals(other.id)
            && chain.stream().map(ChainNode::host).toList().equals(other.chain.stream().map(ChainNode::host).toList())
            && realServers.stream().map(RealServerNode::host).toList()
            .equals(other.realServers.stream().map(RealServerNode::host).toList());
    }
}
