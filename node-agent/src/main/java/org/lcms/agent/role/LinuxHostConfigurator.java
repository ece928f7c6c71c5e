package org.lcms.agent.role;

import org.lcms.agent.host.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real Linux host: addresses through iproute2's {@code ip} (Java has no netlink), sysctls written straight to
 * {@code /proc/sys}. Needs root (CAP_NET_ADMIN). Run inside a network namespace, it configures that namespace.
 */
public final class LinuxHostConfigurator extends StepwiseHostConfigurator {
    private static final long TIMEOUT_SECONDS = 10;
    private final Path procSys;
    private final String ip;

    public LinuxHostConfigurator(Path procSys, String ipCommand) {
        this.procSys = procSys;
        this.ip = ipCommand;
    }

    public static LinuxHostConfigurator system() {
        return new LinuxHostConfigurator(Path.of("/proc/sys"), "ip");
    }

    @Override
    boolean hasAddress(String prefix, String device) throws IOException {
        String out = run(ip, "-o", "addr", "show", "dev", device);
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "1: lo    inet 192.0.2.10/32 scope global lo ..."
            for (int i = 0; i + 1 < f.length; i++) {
                if ((f[i].equals("inet") || f[i].equals("inet6")) && f[i + 1].equals(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    void addAddress(String prefix, String device) throws IOException {
        run(ip, "addr", "add", prefix, "dev", device);
    }

    @Override
    void removeAddress(String prefix, String device) throws IOException {
        run(ip, "addr", "del", prefix, "dev", device);
    }

    @Override
    String readSysctl(String key) throws IOException {
        return Files.readString(procSys.resolve(key), StandardCharsets.US_ASCII).trim();
    }

    @Override
    void writeSysctl(String key, String value) throws IOException {
        Files.writeString(procSys.resolve(key), value + "\n", StandardCharsets.US_ASCII);
    }

    private static String run(String... command) throws IOException {
        Process p = ChildProcesses.builder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(out.trim().isEmpty() ? "exit " + p.exitValue() : out.trim());
        }
        return out;
    }

    /**
     * For tools and tests: reads role specs {@code ROLE[:VIP[:INTERFACE]][:failover]} from standard input, one per
     * line ({@code :failover}: the failover owns the VIP, {@link RoleTarget#vipByFailover()}), applies
     * each in this process's network namespace and prints the steps done, then {@code done ROLE} (or
     * {@code failed MESSAGE}).
     */
    public static void main(String[] args) throws Exception {
        LinuxHostConfigurator c = system();
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
            StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String spec = line.trim();
            boolean byFailover = spec.endsWith(":failover");
            String[] p = (byFailover ? spec.substring(0, spec.length() - ":failover".length()) : spec).split(":", 3);
            try {
                AgentRole role = AgentRole.valueOf(p[0]);
                java.util.Optional<java.net.InetAddress> vip = p.length > 1
                    ? java.util.Optional.of(literal(p[1])) : java.util.Optional.empty();
                for (HostStep s : c.apply(new RoleTarget(role, vip, p.length > 2 ? p[2] : "", byFailover))) {
                    System.out.println(String.join(" ", s.commandLine()));
                }
                System.out.println("done " + role);
            } catch (HostConfigurationException | IllegalArgumentException e) {
                System.out.println("failed " + e.getMessage());
            }
            System.out.flush();
        }
    }

    /** An address literal; never a DNS lookup. */
    static java.net.InetAddress literal(String text) throws java.net.UnknownHostException {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address literal");
        }
        return java.net.InetAddress.getByName(text);
    }
}
