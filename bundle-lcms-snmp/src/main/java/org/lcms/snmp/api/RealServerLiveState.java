package org.lcms.snmp.api;

import java.util.Optional;

/**
 * One real server of a cluster: the model's wanted weight next to what the VIP holder dispatches and what the
 * real server's own agent says.
 *
 * @param dispatched its row in the VIP holder's real-server table, empty if the holder does not list it (or no
 *     host holds the VIP)
 * @param hostReachability whether the real server's own agent answers
 */
public record RealServerLiveState(String host, String address, int wantedWeight,
                                  Optional<RealServerReport> dispatched, Reachability hostReachability) {

    /** Status as dispatched; UNKNOWN when nobody dispatches the cluster. */
    public RealServerStatus status() {
        return dispatched.map(RealServerReport::status).orElse(RealServerStatus.UNKNOWN);
    }
}
