package org.lcms.ui.core;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Role;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.model.core.ChangeEngine;

/**
 * A small model for the builder's tests: lvs-1, lvs-2 (lb,bs), lvs-3 (lb,bs, backup of the existing cluster web),
 * web-1, web-2 (rs; web-1 a real server of web, weight 5 by default), and the model's real rules as the checker.
 */
final class BuilderFixture {
    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private BuilderFixture() {
    }

    static Host host(String name, String address, Role... potential) {
        return Host.of(name, IpAddress.parse(address)).withRolePotential(EnumSet.copyOf(List.of(potential)));
    }

    static Inventory model() {
        LoadCluster web = LoadCluster.of("web", new VirtualService(IpAddress.parse("192.0.2.100"), 80,
                ServiceProtocol.TCP), Scheduler.WLC).withLoadBalancer("lvs-0").withBackups(List.of("lvs-3"))
            .withRealServers(List.of(new RealServerMember("web-1", 1))).withActive(true);
        return new Inventory(7, List.of(
            host("lvs-0", "192.0.2.10", Role.LOAD_BALANCER),
            host("lvs-1", "192.0.2.11", Role.LOAD_BALANCER, Role.BACKUP_SERVER),
            host("lvs-2", "192.0.2.12", Role.LOAD_BALANCER, Role.BACKUP_SERVER),
            host("lvs-3", "192.0.2.13", Role.LOAD_BALANCER, Role.BACKUP_SERVER),
            host("web-1", "192.0.2.21", Role.REAL_SERVER).withWeight(5),
            host("web-2", "192.0.2.22", Role.REAL_SERVER)), List.of(web), List.of());
    }

    /** The directory's dry run, on {@link #model()}. */
    static Function<ModelChange, List<ModelException>> rules() {
        return change -> ChangeEngine.check(model(), "ann", NOW, change);
    }

    /** A draft filled in up to the review: api 192.0.2.101:8080/tcp, rr, lb lvs-1, backup lvs-2, web-1:10, web-2:20. */
    static ClusterDraft complete() {
        ClusterDraft d = new ClusterDraft();
        d.id("api");
        d.vip("192.0.2.101");
        d.port("8080");
        d.scheduler(Scheduler.RR);
        d.loadBalancer("lvs-1");
        d.addBackup("lvs-2");
        d.realServer("web-1", "10");
        d.realServer("web-2", "20");
        return d;
    }
}
