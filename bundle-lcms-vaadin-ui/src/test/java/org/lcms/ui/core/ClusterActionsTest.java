package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Inventory;

class ClusterActionsTest {
    private final ClusterPicture held = ClusterPictures.of("web", ClusterPicturesTest.MODEL,
        Optional.of(ClusterPicturesTest.live("lb1")), List.of()).orElseThrow();

    @Test
    void drainOnlyAnEnabledServerAndEnableOnlyADrainedOne() {
        ClusterPicture.RealServerNode rs1 = held.realServer("rs1").orElseThrow();
        ClusterPicture.RealServerNode rs2 = held.realServer("rs2").orElseThrow();
        assertTrue(ClusterActions.drain(held, rs1).applies());
        assertFalse(ClusterActions.enable(held, rs1).applies());
        assertEquals("real server rs1 of web is not drained", ClusterActions.enable(held, rs1).reason());
        assertFalse(ClusterActions.drain(held, rs2).applies());
        assertTrue(ClusterActions.enable(held, rs2).applies());
        assertTrue(ClusterActions.remove(held, rs1).applies(), "the model decides about the last real server");
    }

    @Test
    void theVipGoesOnlyToAReachableMemberThatDoesNotHoldIt() {
        assertEquals("lb1 holds the VIP of web already",
            ClusterActions.handVipTo(held, held.chainNode("lb1").orElseThrow()).reason());
        ClusterActions.Applicability toBs = ClusterActions.handVipTo(held, held.chainNode("bs1").orElseThrow());
        assertFalse(toBs.applies());
        assertTrue(toBs.reason().contains("unreachable"), toBs.reason());

        ClusterPicture other = new ClusterPicture(held.id(), held.service(), held.scheduler(), true, 1,
            Optional.of("lb1"), "lb1", List.of(held.chain().get(0), new ClusterPicture.ChainNode("bs1", "10.0.0.2", 1,
                "reachable", "standby", "standby", false)), held.realServers(), List.of());
        assertTrue(ClusterActions.handVipTo(other, other.chainNode("bs1").orElseThrow()).applies());

        ClusterPicture inactive = ClusterPictures.of("web", new Inventory(9, ClusterPicturesTest.MODEL.hosts(),
            List.of(ClusterPicturesTest.WEB.withActive(false)), List.of()), Optional.empty(), List.of()).orElseThrow();
        assertTrue(ClusterActions.handVipTo(inactive, inactive.chainNode("bs1").orElseThrow()).reason()
            .contains("inactive"));
    }

    @Test
    void theDissolveConfirmationNamesTheEffect() {
        assertEquals("Cluster web (10.0.0.100:80/tcp) is deleted from the model and its 6 hosts lose their roles in "
            + "it. It is active: its service stops at once.", ClusterActions.dissolveEffect(held));
    }
}
