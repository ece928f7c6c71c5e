package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Host;
import org.lcms.model.api.Role;

class EligibleHostsTest {

    private static List<String> names(Role role, Collection<String> chosen) {
        return EligibleHosts.forRole(BuilderFixture.model(), role, chosen).stream().map(Host::name).toList();
    }

    @Test
    void onlyHostsWhosePotentialAllowsTheRoleAndThatNoOtherClusterHolds() {
        assertEquals(List.of("lvs-1", "lvs-2"), names(Role.LOAD_BALANCER, List.of()),
            "lvs-0 and lvs-3 are web's; web-1 and web-2 may not be lb");
        assertEquals(List.of("lvs-1", "lvs-2"), names(Role.BACKUP_SERVER, List.of()));
        assertEquals(List.of("web-1", "web-2"), names(Role.REAL_SERVER, List.of()),
            "a real server of another cluster may serve this one too");
    }

    @Test
    void hostsChosenInAnEarlierStepAreNotOfferedAgain() {
        ClusterDraft d = BuilderFixture.complete();
        assertEquals(List.of("lvs-2"), names(Role.BACKUP_SERVER, d.chosenBefore(BuildStep.BACKUPS)));
        assertEquals(List.of("lvs-1", "lvs-2"), names(Role.LOAD_BALANCER, d.chosenBefore(BuildStep.LOAD_BALANCER)));
        assertEquals(List.of("lvs-1", "lvs-2"), d.chosenBefore(BuildStep.REAL_SERVERS));
    }

    @Test
    void theLabelSaysWhatTheHostMayBeAndWhereItServes() {
        assertEquals("web-1 (192.0.2.21, may be rs; rs of web)", EligibleHosts.label(BuilderFixture.model(),
            BuilderFixture.model().host("web-1").orElseThrow()));
        assertEquals("lvs-1 (192.0.2.11, may be lb,bs)", EligibleHosts.label(BuilderFixture.model(),
            BuilderFixture.model().host("lvs-1").orElseThrow()));
    }
}
