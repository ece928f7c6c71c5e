package org.lcms.failover.manager.internal.shell.completers;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;

/** Real servers of the cluster named before (or of every cluster). */
@Service
public final class RealServerCompleter extends ModelNamesCompleter {
    @Override
    Collection<String> names(Inventory inventory, Collection<LoadCluster> clusters) {
        TreeSet<String> out = new TreeSet<>();
        clusters.forEach(c -> c.realServers().stream().map(RealServerMember::host).forEach(out::add));
        return out;
    }
}
