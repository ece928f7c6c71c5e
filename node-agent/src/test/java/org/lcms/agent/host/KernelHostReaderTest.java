package org.lcms.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelHostReaderTest {
    @TempDir
    Path root;

    private Path write(String relative, String content) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsAKernelTreeCopiedFromAHost() throws Exception {
        write("proc/sys/kernel/hostname", "lb1\n");
        write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\n"
            + "processor\t: 1\nmodel name\t: AMD EPYC 7B13\n\n");
        write("proc/meminfo", "MemTotal:       24683620 kB\nMemFree:        23212768 kB\n"
            + "MemAvailable:   24314484 kB\n");
        write("proc/loadavg", "1.15 1.98 2.21 1/82 2748\n");
        write("proc/uptime", "3781.58 3501.50\n");
        write("sys/class/net/eth0/type", "1\n");
        write("sys/class/net/eth0/speed", "10000\n");
        write("sys/class/net/eth0/operstate", "up\n");
        Path drivers = root.resolve("sys/bus/virtio/drivers/virtio_net");
        Files.createDirectories(drivers);
        Files.createDirectories(root.resolve("sys/class/net/eth0/device"));
        Files.createSymbolicLink(root.resolve("sys/class/net/eth0/device/driver"), drivers);
        write("sys/class/net/lo/type", "772\n");
        write("sys/class/net/lo/operstate", "unknown\n");

        HostFacts f = new KernelHostReader(root.resolve("proc"), root.resolve("sys")).read();
        assertEquals("lb1", f.hostName());
        assertEquals("AMD EPYC 7B13", f.cpuType());
        assertEquals(2, f.cpuCount());
        assertEquals(24_683_620, f.memoryTotalKiB());
        assertEquals(24_314_484, f.memoryAvailableKiB());
        assertEquals(115, f.load1());
        assertEquals(198, f.load5());
        assertEquals(221, f.load15());
        assertEquals(378_158, f.uptimeHundredths());
        assertEquals(List.of(new NetworkInterfaceFacts("eth0", "ethernet", "virtio_net", 10_000, true),
            new NetworkInterfaceFacts("lo", "loopback", "", -1, false)), f.interfaces());
        assertEquals("eth0 ethernet virtio_net 10000Mb/s", f.interfaces().get(0).describe());
    }

    @Test
    void aKernelWithoutMemAvailableFallsBackToMemFreeAndMissingFilesAreEmpty() throws Exception {
        write("proc/meminfo", "MemTotal: 1000 kB\nMemFree: 400 kB\n");
        HostFacts f = new KernelHostReader(root.resolve("proc"), root.resolve("sys")).read();
        assertEquals(400, f.memoryAvailableKiB());
        assertEquals("", f.hostName());
        assertEquals(0, f.cpuCount());
        assertEquals(List.of(), f.interfaces());
    }

    @Test
    void theRealKernelOfThisMachine() {
        HostFacts f = KernelHostReader.system().read();
        assertEquals(Runtime.getRuntime().availableProcessors(), f.cpuCount(), "processors in /proc/cpuinfo");
        assertFalse(f.hostName().isEmpty());
        assertTrue(f.memoryTotalKiB() * 1024 >= Runtime.getRuntime().maxMemory() / 4, "MemTotal is plausible");
        assertTrue(f.memoryAvailableKiB() > 0 && f.memoryAvailableKiB() <= f.memoryTotalKiB());
        assertTrue(f.uptimeHundredths() > 0);
        assertTrue(f.interfaces().stream().anyMatch(i -> i.name().equals("lo") && i.kind().equals("loopback")),
            f.interfaces().toString());
    }
}
