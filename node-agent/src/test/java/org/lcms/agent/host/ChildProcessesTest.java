package org.lcms.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildProcessesTest {

    /** A child started the way the agent starts nft sees the launcher's malloc tuning gone, the rest kept. */
    @Test
    void childEnvironmentLosesTheJvmMallocTuningAndKeepsTheRest() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/env");
        pb.environment().put("MALLOC_MMAP_THRESHOLD_", "65536");
        pb.environment().put("MALLOC_ARENA_MAX", "1");
        pb.environment().put("MALLOC_TRIM_THRESHOLD_", "131072");
        pb.environment().put("MALLOC_TOP_PAD_", "0");
        pb.environment().put("LCMS_KEPT", "yes");
        Process p = ChildProcesses.withoutJvmTuning(pb).redirectErrorStream(true).start();
        List<String> env = Arrays.asList(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .split("\n"));
        assertEquals(0, p.waitFor());
        assertTrue(env.contains("LCMS_KEPT=yes"), "other variables are inherited: " + env);
        for (String name : ChildProcesses.JVM_ONLY_ENVIRONMENT) {
            assertFalse(env.stream().anyMatch(e -> e.startsWith(name + "=")), name + " reached the child: " + env);
        }
    }

    @Test
    void everyTuningTheLauncherExportsIsRemoved() throws Exception {
        // surefire runs in the module's directory
        String launcher = Files.readString(Path.of("src/main/dist/bin/lcms-agent"));
        assertTrue(launcher.contains("export MALLOC_"), "the launcher no longer tunes malloc: update this test");
        for (String line : launcher.split("\n")) {
            if (line.startsWith("export MALLOC_")) {
                String name = line.substring("export ".length(), line.indexOf('='));
                assertTrue(ChildProcesses.JVM_ONLY_ENVIRONMENT.contains(name),
                    "bin/lcms-agent exports " + name + " but children would inherit it");
            }
        }
    }
}
