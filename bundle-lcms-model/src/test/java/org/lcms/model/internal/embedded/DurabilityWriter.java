package org.lcms.model.internal.embedded;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.lcms.model.api.Applied;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.Host;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.Revision;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.model.internal.runtime.DirectoryRuntime;
import org.lcms.model.internal.runtime.DirectorySettings;
import org.lcms.model.internal.runtime.TestConfig;

/**
 * The process {@link EmbeddedDurabilityTest} kills: opens the embedded directory in DATA_DIR and changes the
 * model until it is killed. Before each change it prints {@code TRY ...}, after the change returned (was
 * acknowledged) {@code ACK ... NUMBER}. Changes: add host hN; every 3rd host also joins cluster "pool" as real
 * server; every 5th step changes the weight of an earlier real server.
 */
public final class DurabilityWriter {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String snapshotEvery = args[1];
        DirectoryRuntime runtime = DirectoryRuntime.open(DirectorySettings.from(TestConfig.of(Map.of(
            "embedded.dataDirectory", data.toString(), "embedded.snapshotEvery", snapshotEvery)), null),
            Clock.systemUTC());
        ClusterDirectory d = runtime.directory();
        if (d.inventory().cluster("pool").isEmpty()) {
            d.apply("writer", new ModelChange.CreateCluster(LoadCluster.of("pool",
                new VirtualService(IpAddress.parse("198.19.0.1"), 80, ServiceProtocol.TCP), Scheduler.WRR)));
        }
        int i = d.inventory().hosts().size();
        System.out.println("READY " + d.inventory().modelRevision());
        System.out.flush();
        for (; ; i++) {
            String name = "h" + i;
            System.out.println("TRY host " + name);
            Applied a = d.apply("writer", new ModelChange.AddHost(Host.of(name,
                IpAddress.parse("198.18." + (i / 250) + "." + (i % 250 + 1)))));
            System.out.println("ACK host " + name + " " + a.record().orElseThrow().number());
            if (i % 3 == 0) {
                LoadCluster pool = d.inventory().cluster("pool").orElseThrow();
                int weight = i % 100;
                System.out.println("TRY weight " + name + " " + weight);
                a = d.apply("writer", new ModelChange.UpdateCluster(pool.withRealServer(name, weight), Revision.ANY));
                System.out.println("ACK weight " + name + " " + weight + " " + a.record().orElseThrow().number());
            }
            if (i % 5 == 0 && i >= 3) {
                LoadCluster pool = d.inventory().cluster("pool").orElseThrow();
                String member = pool.realServers().get(i % pool.realServers().size()).host();
                int weight = (i * 7) % 1000;
                System.out.println("TRY weight " + member + " " + weight);
                a = d.apply("writer", new ModelChange.UpdateCluster(pool.withRealServer(member, weight),
                    Revision.ANY));
                System.out.println("ACK weight " + member + " " + weight + " " + a.record().orElseThrow().number());
            }
            System.out.flush();
        }
    }
}
