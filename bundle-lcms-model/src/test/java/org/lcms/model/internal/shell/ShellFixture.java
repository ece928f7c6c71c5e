package org.lcms.model.internal.shell;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.support.CommandException;
import org.lcms.model.api.PasswordHash;

/**
 * Runs commands the way the shell would, without Karaf: injects the directory and the actor, captures what
 * the command prints, and hands back the CommandException an operator would see.
 */
final class ShellFixture {
    // Well-formed, matches no password: administrators without 0.5 s of PBKDF2 each.
    static final PasswordHash FAST_HASH = new PasswordHash("$pbkdf2-sha256$i=1$c2FsdA$aGFzaA");

    final InMemoryClusterDirectory directory = new InMemoryClusterDirectory();
    String actor = "alice";

    /** Runs {@code command} as {@link #actor}; returns what it printed. */
    String run(LcmsCommand command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.directory = directory;
        command.actor = actor;
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (command instanceof PasswordSettingCommand p && p.prompt == null) {
            p.prompt = text -> {
                throw new AssertionError("unexpected password prompt: " + text);
            };
        }
        command.execute();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code command} expecting the operator error it must give; returns that exception. */
    CommandException fail(LcmsCommand command) {
        return assertThrows(CommandException.class, () -> run(command));
    }

    String runAs(String who, LcmsCommand command) throws Exception {
        String before = actor;
        actor = who;
        try {
            return run(command);
        } finally {
            actor = before;
        }
    }

    // ---- shortcuts for a populated model ----------------------------------------------------------------

    String addHost(String name, String address, String... options) throws Exception {
        HostAddCommand c = new HostAddCommand();
        c.name = name;
        c.address = address;
        for (int i = 0; i < options.length; i += 2) {
            switch (options[i]) {
                case "--weight" -> c.weight = options[i + 1];
                case "--potential" -> c.potential = options[i + 1];
                case "--memory" -> c.memory = options[i + 1];
                default -> throw new IllegalArgumentException(options[i]);
            }
        }
        return run(c);
    }

    /** lb-1, bs-1, bs-2, web-1 (weight 5), web-2 (weight 7) and cluster web on 192.0.2.80:80 (inactive). */
    void webCluster() throws Exception {
        addHost("lb-1", "192.0.2.1", "--potential", "lb,bs");
        addHost("bs-1", "192.0.2.2", "--potential", "lb,bs");
        addHost("bs-2", "192.0.2.3", "--potential", "lb,bs");
        addHost("web-1", "192.0.2.11", "--weight", "5", "--potential", "rs");
        addHost("web-2", "192.0.2.12", "--weight", "7", "--potential", "rs");
        ClusterBuildCommand b = new ClusterBuildCommand();
        b.id = "web";
        b.vip = "192.0.2.80";
        b.port = "80";
        b.loadBalancer = "lb-1";
        b.backups = java.util.List.of("bs-1");
        b.realServers = java.util.List.of("web-1");
        run(b);
    }
}
