package org.lcms.agent.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportingVipControlTest {
    /**
     * The agent must load a backup's dispatch table before the VIP is announced (else the host's own stack resets
     * the first connections), and drop it only after the switch closed.
     */
    @Test
    void aTakeIsReportedBeforeItIsDoneAndAReleaseAfter() {
        List<String> order = new ArrayList<>();
        FailoverRuntime.VipControl inner = new FailoverRuntime.VipControl() {
            @Override
            public void take(String cluster, long epoch, long validUntil, String reason) {
                order.add("take " + cluster + " " + epoch);
            }

            @Override
            public void extend(String cluster, long epoch, long validUntil) {
                order.add("extend " + cluster);
            }

            @Override
            public void release(String cluster, long epoch, String reason) {
                order.add("release " + cluster + " " + epoch);
            }
        };
        ReportingVipControl control = new ReportingVipControl(inner, Map.of("web", 1),
            (cluster, rank, epoch, holding, reason) -> order.add("report " + cluster + " rank " + rank + " epoch "
                + epoch + (holding ? " holding" : " released") + " (" + reason + ")"));

        control.take("web", 3, 1_000, "the LB is gone");
        control.extend("web", 3, 1_100);
        control.release("web", 4, "handed back");

        assertEquals(List.of("report web rank 1 epoch 3 holding (the LB is gone)", "take web 3", "extend web",
            "release web 4", "report web rank 1 epoch 4 released (handed back)"), order);
    }
}
