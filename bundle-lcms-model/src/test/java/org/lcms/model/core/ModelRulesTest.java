package org.lcms.model.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.api.Role;
import org.lcms.model.api.Rule;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;

/** The field rules on their own, and {@link ModelRules#violations} over a whole (hand-edited) inventory. */
class ModelRulesTest {

    static ModelException refused(Rule rule, Runnable check, String... mentions) {
        ModelException e = assertThrows(ModelException.class, check::run);
        assertEquals(rule, e.rule(), e::getMessage);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), () -> "message should name '" + m + "': " + e.getMessage());
        }
        return e;
    }

    static Host host(String name, String address) {
        return Host.of(name, IpAddress.parse(address));
    }

    static LoadCluster cluster(String id, String vip) {
        return LoadCluster.of(id, new VirtualService(IpAddress.parse(vip), 80, ServiceProtocol.TCP), Scheduler.RR);
    }

    @Test
    void hostNameLengthLimits() {
        String label63 = "a".repeat(63);
        assertDoesNotThrow(() -> ModelRules.checkHostName(label63 + ".example.org"));
        refused(Rule.HOST_NAME, () -> ModelRules.checkHostName("a".repeat(64) + ".example.org"), "'aaaa");
        String name253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertEquals(253, name253.length());
        assertDoesNotThrow(() -> ModelRules.checkHostName(name253));
        refused(Rule.HOST_NAME, () -> ModelRules.checkHostName(name253 + "d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"web_1", "-web", "web-", "a..b", "web.", ".web", "", "web/1", "web:80"})
    void badHostNameIsRefusedNamingIt(String name) {
        refused(Rule.HOST_NAME, () -> ModelRules.checkHostName(name), "'" + name + "'", "not a valid host name");
    }

    @Test
    void nullHostNameIsRefused() {
        refused(Rule.HOST_NAME, () -> ModelRules.checkHostName(null));
    }

    @Test
    void defaultHostPasses() {
        assertDoesNotThrow(() -> ModelRules.checkHost(host("web1", "192.0.2.1")));
    }

    @Test
    void hostFieldRulesNameTheHost() {
        refused(Rule.WEIGHT_RANGE, () -> ModelRules.checkHost(host("web1", "192.0.2.1").withWeight(65_536)),
            "host web1", "65536");
        refused(Rule.IP_ADDRESS, () -> ModelRules.checkHost(host("web1", "255.255.255.255")),
            "host web1", "255.255.255.255");
        refused(Rule.TEXT, () -> ModelRules.checkHost(host("web1", "192.0.2.1").withDescription("a\u0000b")),
            "host web1", "description");
        refused(Rule.TEXT, () -> ModelRules.checkHost(host("web1", "192.0.2.1").withSnmpProfile("")),
            "host web1", "SNMP profile ''");
        refused(Rule.ROLE_POTENTIAL, () -> ModelRules.checkHost(host("web1", "192.0.2.1")
            .withRolePotential(EnumSet.noneOf(Role.class))), "host web1", "(none)");
    }

    @Test
    void clusterFieldRules() {
        assertDoesNotThrow(() -> ModelRules.checkCluster(cluster("web-80", "192.0.2.100")));
        refused(Rule.CLUSTER_ID, () -> ModelRules.checkCluster(cluster("Web", "192.0.2.100")), "'Web'");
        refused(Rule.IP_ADDRESS, () -> ModelRules.checkCluster(cluster("web", "0.0.0.0")), "cluster web VIP",
            "0.0.0.0");
        refused(Rule.SERVICE_PORT, () -> ModelRules.checkCluster(cluster("web", "192.0.2.100")
            .withService(new VirtualService(IpAddress.parse("192.0.2.100"), 0, ServiceProtocol.UDP))),
            "cluster web", "port 0");
        refused(Rule.WEIGHT_RANGE, () -> ModelRules.checkCluster(cluster("web", "192.0.2.100")
            .withRealServer("web1", -1)), "cluster web real server web1", "weight -1");
        refused(Rule.TEXT, () -> ModelRules.checkCluster(cluster("web", "192.0.2.100")
            .withDescription("line\r\nbreak")), "cluster web", "control character");
    }

    @Test
    void administratorFieldRules() {
        Administrator ok = new Administrator("alice", "Alice", ChangeEngineTest.HASH, AdminRole.ADMIN, null);
        assertDoesNotThrow(() -> ModelRules.checkAdministrator(ok));
        refused(Rule.LOGIN, () -> ModelRules.checkAdministrator(new Administrator("Alice", "", ChangeEngineTest.HASH,
            AdminRole.ADMIN, null)), "'Alice'");
        refused(Rule.TEXT, () -> ModelRules.checkAdministrator(ok.withDisplayName("x".repeat(129))),
            "administrator alice", "display name has 129 characters");
        refused(Rule.PASSWORD_POLICY, () -> ModelRules.checkAdministrator(
            ok.withPasswordHash(new PasswordHash("$pbkdf2-sha256$i=0$AAAA$AAAA"))),
            "administrator alice");
    }

    @Test
    void consistentInventoryHasNoViolations() {
        assertEquals(List.of(), ModelRules.violations(Inventory.empty()));
        assertEquals(List.of(), ModelRules.violations(ChangeEngineTest.base()));
    }

    @Test
    void everyViolationIsReportedInAStableOrder() {
        // Hand-edited: shared address, shared VIP, VIP = host address, unknown member, LB also RS, no admin.
        Inventory inv = new Inventory(5,
            List.of(host("a1", "192.0.2.1"), host("a2", "192.0.2.1"), host("lb", "192.0.2.9"),
                host("rs", "192.0.2.10")),
            List.of(cluster("one", "192.0.2.100").withLoadBalancer("lb").withRealServer("rs", 1),
                cluster("two", "192.0.2.100").withRealServer("lb", 1).withRealServer("ghost", 1),
                cluster("three", "192.0.2.10").withActive(true)),
            List.of(new Administrator("vera", "", ChangeEngineTest.HASH, AdminRole.VIEWER, null)));
        List<ModelException> found = ModelRules.violations(inv);
        // hosts first, then clusters by id (one, three, two), then LB/BS-also-RS, then administrators
        assertEquals(List.of(Rule.ADDRESS_UNIQUE, Rule.ADDRESS_UNIQUE, Rule.ACTIVE_NEEDS_LB, Rule.ACTIVE_NEEDS_RS,
                Rule.VIP_UNIQUE, Rule.MEMBER_EXISTS, Rule.ONE_CLUSTER, Rule.LAST_ADMIN),
            found.stream().map(ModelException::rule).toList(), () -> found.toString());
        assertEquals(found.stream().map(Throwable::getMessage).toList(),
            ModelRules.violations(inv).stream().map(Throwable::getMessage).toList());
    }

    @Test
    void noAdministratorsAtAllIsNotAViolation() {
        Inventory inv = new Inventory(0, List.of(host("a1", "192.0.2.1")), List.of(), List.of());
        assertEquals(List.of(), ModelRules.violations(inv));
    }
}
