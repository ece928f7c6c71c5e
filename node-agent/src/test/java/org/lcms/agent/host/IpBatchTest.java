package org.lcms.agent.host;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ip session against the real iproute2 (read-only commands on this host's loopback). */
class IpBatchTest {

    @Test
    void answersEachRequestWithItsOwnOutputAndGoesOnAfterAFailedCommand() throws Exception {
        try (IpBatch ip = new IpBatch(List.of("ip"))) {
            List<String> out = ip.run(5000, "link show dev lo");
            assertTrue(out.size() == 1 && out.get(0).contains("link/loopback"), "one line per object: " + out);

            IOException failed = assertThrows(IOException.class,
                () -> ip.run(5000, "link show dev lo", "link show dev lcms-no-such0"));
            assertTrue(failed.getMessage().contains("link show dev lcms-no-such0"), failed.getMessage());
            assertTrue(failed.getMessage().contains("does not exist"), failed.getMessage());

            assertTrue(String.join("\n", ip.run(5000, "link show dev lo")).contains("link/loopback"),
                "the session still works after a failed command");
        }
    }

    @Test
    void aSessionThatEndedSaysSo() throws Exception {
        IpBatch ip = new IpBatch(List.of("ip"));
        ip.close();
        IOException ended = assertThrows(IOException.class, () -> ip.run(2000, "link show dev lo"));
        assertTrue(ended.getMessage().contains("ended") || ended.getMessage().contains("did not answer"),
            ended.getMessage());
    }
}
