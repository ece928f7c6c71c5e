package org.lcms.model.internal.shell.completers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.Applied;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.DirectoryInfo;
import org.lcms.model.api.DirectoryUnavailableException;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;

class CompletersTest {

    /** The word being completed: {@code typed}, cursor at its end. */
    private static CommandLine typing(String typed) {
        return new CommandLine() {
            public int getCursorArgumentIndex() {
                return 0;
            }

            public String getCursorArgument() {
                return typed;
            }

            public int getArgumentPosition() {
                return typed.length();
            }

            public String[] getArguments() {
                return new String[] {typed};
            }

            public int getBufferPosition() {
                return typed.length();
            }

            public String getBuffer() {
                return typed;
            }
        };
    }

    private static List<String> complete(org.apache.karaf.shell.api.console.Completer completer, String typed) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, typing(typed), candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    /** A directory that only has a snapshot, or is down. */
    private static ClusterDirectory directory(Inventory inventory) {
        return new ClusterDirectory() {
            public Inventory inventory() {
                if (inventory == null) {
                    throw new DirectoryUnavailableException("ldap://localhost:10389: connection refused", null);
                }
                return inventory;
            }

            public Applied apply(String actor, ModelChange change) {
                throw new UnsupportedOperationException();
            }

            public List<org.lcms.model.api.ModelException> check(String actor, ModelChange change) {
                throw new UnsupportedOperationException();
            }

            public List<ChangeRecord> history(HistoryQuery query) {
                return List.of();
            }

            public Optional<Administrator> authenticate(String login, char[] password) {
                return Optional.empty();
            }

            public DirectoryInfo info() {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static final Inventory INVENTORY = new Inventory(3,
        List.of(Host.of("web-1", IpAddress.parse("192.0.2.11")), Host.of("web-2", IpAddress.parse("192.0.2.12")),
            Host.of("lb-1", IpAddress.parse("192.0.2.1"))),
        List.of(LoadCluster.of("web", new VirtualService(IpAddress.parse("192.0.2.80"), 80, ServiceProtocol.TCP),
            Scheduler.WLC)),
        List.of());

    @Test
    void hostNamesFromTheDirectory() {
        HostNameCompleter c = new HostNameCompleter();
        c.directory = directory(INVENTORY);
        assertEquals(List.of("web-1", "web-2"), complete(c, "we"));
        assertEquals(List.of("lb-1", "web-1", "web-2"), complete(c, ""));
    }

    @Test
    void clusterIds() {
        ClusterIdCompleter c = new ClusterIdCompleter();
        c.directory = directory(INVENTORY);
        assertEquals(List.of("web"), complete(c, "w"));
    }

    @Test
    void nothingAndNoFailureWhileTheDirectoryIsDownOrMissing() {
        HostNameCompleter down = new HostNameCompleter();
        down.directory = directory(null);
        assertEquals(List.of(), complete(down, ""));
        assertEquals(List.of(), complete(new AdministratorLoginCompleter(), ""));
    }

    @Test
    void codesFromTheEnums() {
        assertEquals(List.of("wlc", "wrr"), complete(new SchedulerCompleter(), "w"));
        assertEquals(List.of("tcp", "udp"), complete(new ProtocolCompleter(), ""));
        assertEquals(List.of("admin", "viewer"), complete(new AdminRoleCompleter(), ""));
        assertEquals(List.of("administrator"), complete(new ObjectKindCompleter(), "adm"));
    }

    @Test
    void rolesCompleteAfterACommaWithoutRepeats() {
        assertEquals(List.of("bs", "lb", "rs"), complete(new RoleCompleter(), ""));
        assertEquals(List.of("lb,bs", "lb,rs"), complete(new RoleCompleter(), "lb,"));
        assertEquals(List.of("lb,rs,bs"), complete(new RoleCompleter(), "lb,rs,"));
    }
}
