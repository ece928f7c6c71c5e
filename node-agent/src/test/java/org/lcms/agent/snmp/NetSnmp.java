package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The net-snmp command-line tools, the independent client of the agent tests. Every call is bounded
 * ({@code -t 1 -r 1} and a hard process timeout). OIDs are numeric ({@code -On}): Debian ships no MIB files.
 */
public final class NetSnmp {
    static final long PROCESS_TIMEOUT_SECONDS = 10;

    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0 && !out.contains("Error in packet") && !err.contains("Error in packet");
        }

        public String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private NetSnmp() {
    }

    /** Fails the test loudly when the tools are missing (they are a prerequisite, not optional). */
    public static void requireTools() {
        for (String tool : List.of("snmpget", "snmpset", "snmpwalk", "snmpbulkwalk", "snmptrapd")) {
            if (which(tool) == null) {
                fail("net-snmp tool '" + tool + "' not found: the agent tests use the net-snmp tools as the "
                    + "independent client. Install them with: apt-get install -y snmp snmptrapd");
            }
        }
    }

    static Path which(String tool) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin", "/usr/local/sbin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** v3 authPriv arguments for a user with SHA-256/AES-128. */
    public static List<String> v3(String user, String authPassword, String privPassword) {
        return List.of("-v3", "-l", "authPriv", "-u", user, "-a", "SHA-256", "-A", authPassword, "-x", "AES",
            "-X", privPassword);
    }

    public static Result run(String tool, List<String> security, String agent, String... args) throws IOException,
        InterruptedException {
        return runIn(List.of(), 1, 1, tool, security, agent, args);
    }

    /**
     * As {@link #run}, behind {@code prefix} (e.g. {@code ip netns exec NS}: a manager in its own network
     * namespace), waiting {@code timeoutSeconds} for each of 1 + {@code retries} tries.
     */
    public static Result runIn(List<String> prefix, int timeoutSeconds, int retries, String tool,
                               List<String> security, String agent, String... args)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(which(tool).toString());
        cmd.addAll(security);
        cmd.addAll(List.of("-On", "-t", Integer.toString(timeoutSeconds), "-r", Integer.toString(retries)));
        cmd.add(agent);
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    public static Result exec(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // No MIB files are installed (Debian strips them): keep the tools from looking for any, and from
        // writing persistent state to /var/lib/snmp.
        pb.environment().put("MIBS", "");
        pb.environment().put("SNMP_PERSISTENT_DIR", System.getProperty("java.io.tmpdir") + "/lcms-netsnmp");
        // Files, not pipes: a full pipe would block the tool while we wait for it.
        Path out = Files.createTempFile("netsnmp", ".out");
        Path err = Files.createTempFile("netsnmp", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish in " + PROCESS_TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
