package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.AdminRole;

class AccessPolicyTest {
    @Test
    void anAdminMayDoEverything() {
        for (UiAction a : UiAction.values()) {
            assertTrue(AccessPolicy.decide(Optional.of("ann"), Optional.of(AdminRole.ADMIN), a).allowed(), a.name());
        }
    }

    @Test
    void aViewerMayChangeNothing() {
        for (UiAction a : UiAction.values()) {
            AccessPolicy.Decision d = AccessPolicy.decide(Optional.of("vic"), Optional.of(AdminRole.VIEWER), a);
            assertEquals(!a.mutating() && !a.adminOnly(), d.allowed(), a.name());
        }
        assertEquals("Refused: vic is a viewer and may not switch a cluster's VIP over; ask an administrator with the "
            + "admin role.", AccessPolicy.decide(Optional.of("vic"), Optional.of(AdminRole.VIEWER),
            UiAction.SWITCHOVER).refusal());
    }

    @Test
    void withoutASessionNothingIsAllowed() {
        AccessPolicy.Decision d = AccessPolicy.decide(Optional.empty(), Optional.empty(), UiAction.VIEW_DASHBOARD);
        assertFalse(d.allowed());
        assertEquals("Refused: log in to view the dashboard.", d.refusal());
    }

    @Test
    void everyMutatingActionIsAdminOnly() {
        for (UiAction a : UiAction.values()) {
            assertTrue(!a.mutating() || a.adminOnly(), a.name());
        }
    }
}
