package org.lcms.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Counts the established TCP connections of a local service port from {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} — what {@code ss -tn state established sport = :PORT} shows, without running it.
 */
public final class TcpConnectionCounter {
    /** {@code st} column value of TCP_ESTABLISHED in the kernel's tables. */
    private static final String ESTABLISHED = "01";
    private final Path proc;

    public TcpConnectionCounter(Path proc) {
        this.proc = proc;
    }

    public static TcpConnectionCounter system() {
        return new TcpConnectionCounter(Path.of("/proc"));
    }

    /** Established connections whose local port is {@code port} (IPv4 and IPv6 sockets). */
    public int established(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        return count(proc.resolve("net/tcp"), port) + count(proc.resolve("net/tcp6"), port);
    }

    private static int count(Path table, int port) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            return 0; // no IPv6 in this kernel, or no /proc: nothing to count
        }
        String wantedPort = String.format(":%04X", port);
        int n = 0;
        for (int i = 1; i < lines.size(); i++) { // line 0 is the header
            String[] f = lines.get(i).trim().split("\\s+");
            // f[1] local address:port (hex), f[2] remote, f[3] state
            if (f.length > 3 && f[1].endsWith(wantedPort) && f[3].equals(ESTABLISHED)) {
                n++;
            }
        }
        return n;
    }
}
