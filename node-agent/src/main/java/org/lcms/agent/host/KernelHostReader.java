package org.lcms.agent.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads {@link HostFacts} from the files the kernel exports: {@code /proc/sys/kernel/hostname},
 * {@code /proc/cpuinfo}, {@code /proc/meminfo}, {@code /proc/loadavg}, {@code /proc/uptime} and
 * {@code /sys/class/net}. Nothing is shelled out. The roots are parameters so that tests can point at a copy.
 * A value the kernel does not offer is reported as empty or 0 rather than failing the whole read.
 */
public final class KernelHostReader {
    private final Path proc;
    private final Path sys;

    public KernelHostReader(Path proc, Path sys) {
        this.proc = proc;
        this.sys = sys;
    }

    /** The real kernel's files. */
    public static KernelHostReader system() {
        return new KernelHostReader(Path.of("/proc"), Path.of("/sys"));
    }

    public HostFacts read() {
        String hostName = firstLine(proc.resolve("sys/kernel/hostname")).trim();
        String cpuType = "";
        int cpus = 0;
        for (String line : lines(proc.resolve("cpuinfo"))) {
            String key = keyOf(line);
            if (key.equals("processor")) {
                cpus++;
            } else if (cpuType.isEmpty() && (key.equals("model name") || key.equals("cpu model")
                || key.equals("Hardware"))) {
                cpuType = valueOf(line);
            }
        }
        long total = 0;
        long available = -1;
        long free = 0;
        for (String line : lines(proc.resolve("meminfo"))) {
            switch (keyOf(line)) {
                case "MemTotal" -> total = kib(line);
                case "MemAvailable" -> available = kib(line);
                case "MemFree" -> free = kib(line);
                default -> { }
            }
        }
        String[] load = firstLine(proc.resolve("loadavg")).trim().split("\\s+");
        String[] uptime = firstLine(proc.resolve("uptime")).trim().split("\\s+");
        return new HostFacts(hostName, cpuType, cpus, total, available >= 0 ? available : free,
            hundredths(load, 0), hundredths(load, 1), hundredths(load, 2), (long) hundredths(uptime, 0),
            interfaces());
    }

    /** Interfaces sorted by name. */
    List<NetworkInterfaceFacts> interfaces() {
        Path net = sys.resolve("class/net");
        List<NetworkInterfaceFacts> out = new ArrayList<>();
        if (!Files.isDirectory(net)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(net)) {
            for (Path dir : dirs) {
                String type = firstLine(dir.resolve("type")).trim();
                String kind = switch (type) {
                    case "1" -> "ethernet";
                    case "772" -> "loopback";
                    case "" -> "unknown";
                    default -> "arphrd-" + type;
                };
                long speed = parseLong(firstLine(dir.resolve("speed")).trim(), -1);
                String driver = "";
                Path link = dir.resolve("device/driver");
                if (Files.isSymbolicLink(link)) {
                    driver = Files.readSymbolicLink(link).getFileName().toString();
                }
                boolean up = firstLine(dir.resolve("operstate")).trim().equals("up");
                out.add(new NetworkInterfaceFacts(dir.getFileName().toString(), kind, driver, speed, up));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + net, e);
        }
        out.sort(Comparator.comparing(NetworkInterfaceFacts::name));
        return out;
    }

    private static String keyOf(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(0, colon).trim();
    }

    private static String valueOf(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(colon + 1).trim();
    }

    private static long kib(String line) {
        String[] parts = valueOf(line).split("\\s+");
        return parseLong(parts[0], 0);
    }

    private static int hundredths(String[] fields, int index) {
        if (index >= fields.length) {
            return 0;
        }
        try {
            return (int) Math.round(Double.parseDouble(fields[index]) * 100);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLong(String s, long fallback) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Reading a /sys attribute of a down link fails with EINVAL: treat any unreadable file as empty. */
    private static String firstLine(Path file) {
        List<String> l = lines(file);
        return l.isEmpty() ? "" : l.get(0);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
