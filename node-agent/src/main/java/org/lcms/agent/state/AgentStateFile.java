package org.lcms.agent.state;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.DispatchTableException;
import org.lcms.agent.dispatch.Protocol;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.Scheduler;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.agent.role.AgentRole;

/**
 * {@code STATE/agent-state.properties}: the {@link AgentState}, as sorted {@code key = value} lines an operator
 * can read. Written atomically: a temporary file in the same directory is written and fsynced, then renamed
 * over the old one and the directory fsynced, so a crash leaves either the old or the new state, never a mix.
 *
 * <pre>
 * role = LOAD_BALANCER          clusterId = www          vip = 192.0.2.10 (absent: none)
 * backupRank = 0                takeoverEpoch = 3
 * vs.1 = tcp 192.0.2.10 80 wlc active        (or notInService)
 * rs.1.2 = 10.0.0.2 80 100 UP active
 * policy.www = failbackDelay=never rise=3    the manager's failover policy of a cluster (lcmsFailoverPolicySet)
 * </pre>
 */
public final class AgentStateFile {
    public static final String NAME = "agent-state.properties";
    private final Path file;

    public AgentStateFile(Path stateDirectory) {
        this.file = stateDirectory.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** The kept state, or {@link AgentState#INITIAL} when there is none yet. */
    public AgentState load() throws IOException {
        if (!Files.exists(file)) {
            return AgentState.INITIAL;
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            DispatchTable table = DispatchTable.EMPTY;
            for (String key : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
                String[] v = p.getProperty(key).trim().split("\\s+");
                if (key.startsWith("vs.")) {
                    table = table.withVirtualService(new VirtualService(Integer.parseInt(key.substring(3)),
                        literal(v[1]), Integer.parseInt(v[2]), Protocol.valueOf(v[0].toUpperCase()),
                        Scheduler.valueOf(v[3].toUpperCase()), v[4].equals("active")));
                }
            }
            for (String key : p.stringPropertyNames()) {
                String[] v = p.getProperty(key).trim().split("\\s+");
                if (key.startsWith("rs.")) {
                    String[] idx = key.split("\\.");
                    table = table.withRealServer(new RealServer(Integer.parseInt(idx[1]), Integer.parseInt(idx[2]),
                        literal(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2]), RealServerStatus.valueOf(v[3]),
                        v[4].equals("active")));
                }
            }
            String vip = p.getProperty("vip", "").trim();
            Map<String, String> policies = new TreeMap<>();
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("policy.") && !p.getProperty(key).isBlank()) {
                    policies.put(key.substring("policy.".length()), p.getProperty(key).trim());
                }
            }
            return new AgentState(AgentRole.valueOf(p.getProperty("role", "NONE").trim()),
                p.getProperty("clusterId", "").trim(), vip.isEmpty() ? Optional.empty() : Optional.of(literal(vip)),
                Long.parseLong(p.getProperty("backupRank", "0").trim()),
                Long.parseLong(p.getProperty("takeoverEpoch", "0").trim()), table, policies);
        } catch (DispatchTableException | RuntimeException e) {
            throw new IOException(file + " is damaged (" + e.getMessage() + "); fix or remove it (the agent then "
                + "starts with role none and an empty dispatch table)", e);
        }
    }

    /** Replaces the kept state with {@code state}, atomically and durably (see the class comment). */
    public void save(AgentState state) throws IOException {
        Map<String, String> lines = new TreeMap<>();
        lines.put("role", state.role().name());
        lines.put("clusterId", state.clusterId());
        lines.put("vip", state.vip().map(InetAddress::getHostAddress).orElse(""));
        lines.put("backupRank", Long.toString(state.backupRank()));
        lines.put("takeoverEpoch", Long.toString(state.takeoverEpoch()));
        for (VirtualService vs : state.dispatchTable().virtualServices()) {
            lines.put("vs." + vs.index(), vs.protocol().name().toLowerCase() + " " + vs.address().getHostAddress()
                + " " + vs.port() + " " + vs.scheduler().ipvsName() + " " + (vs.inService() ? "active"
                : "notInService"));
        }
        for (RealServer rs : state.dispatchTable().realServers()) {
            lines.put("rs." + rs.vsIndex() + "." + rs.index(), rs.address().getHostAddress() + " " + rs.port() + " "
                + rs.weight() + " " + rs.status() + " " + (rs.inService() ? "active" : "notInService"));
        }
        state.policies().forEach((cluster, policy) -> lines.put("policy." + cluster, policy));
        StringBuilder text = new StringBuilder("# LCMS node agent state, written by the agent after each change; "
            + "do not edit while it runs\n");
        lines.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));

        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the state directory " + dir + " cannot rename atomically; put it on a local "
                + "file system", e);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // makes the rename itself durable
        } catch (IOException e) {
            // some file systems cannot open a directory for fsync; the rename is still atomic
        }
    }

    /** An address literal; never a DNS lookup. */
    private static InetAddress literal(String text) throws IOException {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IOException("'" + text + "' is not an IP address literal");
        }
        return InetAddress.getByName(text);
    }
}
