package org.lcms.model.core;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ConflictException;
import org.lcms.model.api.Host;
import org.lcms.model.api.HostRole;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelChange.AddAdministrator;
import org.lcms.model.api.ModelChange.AddHost;
import org.lcms.model.api.ModelChange.CreateCluster;
import org.lcms.model.api.ModelChange.DissolveCluster;
import org.lcms.model.api.ModelChange.RemoveAdministrator;
import org.lcms.model.api.ModelChange.RemoveHost;
import org.lcms.model.api.ModelChange.RecordEvent;
import org.lcms.model.api.ModelChange.ReportRoleState;
import org.lcms.model.api.ModelChange.UpdateAdministrator;
import org.lcms.model.api.ModelChange.UpdateCluster;
import org.lcms.model.api.ModelChange.UpdateHost;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.ObjectKind;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Revision;
import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;
import org.lcms.model.api.Rule;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.model.core.ChangeEngine.Outcome;

/**
 * Every rule the engine raises, refused and with a passing neighbour, on a small fixed inventory. The engine
 * never verifies password hashes, so administrators carry well-formed hashes built without PBKDF2 work.
 */
class ChangeEngineTest {
    static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    static final Instant T1 = Instant.parse("2025-03-02T09:30:00Z");
    static final Instant T2 = Instant.parse("2025-03-03T11:45:00Z");
    static final Revision SETUP = new Revision(1, "setup", T0);
    static final PasswordHash HASH = wellFormedHash((byte) 1);
    static final PasswordHash OTHER_HASH = wellFormedHash((byte) 2);

    // ---- fixture ---------------------------------------------------------------------------------------------

    static PasswordHash wellFormedHash(byte fill) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        byte[] salt = new byte[16];
        byte[] hash = new byte[32];
        Arrays.fill(salt, fill);
        Arrays.fill(hash, (byte) (fill + 10));
        return new PasswordHash("$pbkdf2-sha256$i=1000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash));
    }

    static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }

    static Host host(String name, String address) {
        return Host.of(name, ip(address)).withRevision(SETUP);
    }

    static Host host(String name, String address, Role first, Role... more) {
        return host(name, address).withRolePotential(EnumSet.of(first, more));
    }

    static VirtualService service(String address, int port) {
        return new VirtualService(ip(address), port, ServiceProtocol.TCP);
    }

    /** A new, inactive, memberless cluster (revision NEW) for CreateCluster. */
    static LoadCluster cluster(String id, String vip) {
        return LoadCluster.of(id, service(vip, 80), Scheduler.WLC);
    }

    static Administrator admin(String login, AdminRole role) {
        return new Administrator(login, "Display " + login, HASH, role, SETUP);
    }

    /**
     * Model revision 10. Hosts lb1, lb2, bs1, bs2, web1 (role state active), web2, web3, web6 (IPv6), rsonly
     * (may only be RS), lbonly (may only be LB). Cluster web: 10.0.0.100:80/tcp, LB lb1, backup bs1, RS
     * web1 (weight 1), inactive. Administrators root (admin) and vera (viewer).
     */
    static Inventory base() {
        List<Host> hosts = List.of(
            host("lb1", "10.0.0.1"), host("lb2", "10.0.0.2"),
            host("bs1", "10.0.0.5"), host("bs2", "10.0.0.6"),
            host("web1", "10.0.0.11").withRoleState(RoleState.ACTIVE), host("web2", "10.0.0.12"),
            host("web3", "10.0.0.13"), host("web6", "2001:db8::11"),
            host("rsonly", "10.0.0.21", Role.REAL_SERVER), host("lbonly", "10.0.0.22", Role.LOAD_BALANCER));
        LoadCluster web = cluster("web", "10.0.0.100").withLoadBalancer("lb1").withBackup("bs1", 1)
            .withRealServer("web1", 1).withRevision(SETUP);
        return new Inventory(10, hosts, List.of(web), List.of(admin("root", AdminRole.ADMIN),
            admin("vera", AdminRole.VIEWER)));
    }

    /** {@link #base()} with cluster web active. */
    static Inventory activeBase() {
        return replace(base(), web(base()).withActive(true));
    }

    static Inventory replace(Inventory inv, LoadCluster cluster) {
        List<LoadCluster> clusters = new ArrayList<>(inv.clusters());
        clusters.removeIf(c -> c.id().equalsIgnoreCase(cluster.id()));
        clusters.add(cluster);
        return new Inventory(inv.modelRevision(), inv.hosts(), clusters, inv.administrators());
    }

    static LoadCluster web(Inventory inv) {
        return inv.cluster("web").orElseThrow();
    }

    static Host hostOf(Inventory inv, String name) {
        return inv.host(name).orElseThrow();
    }

    static UpdateCluster update(LoadCluster c) {
        return new UpdateCluster(c, c.revision().number());
    }

    static UpdateHost update(Host h) {
        return new UpdateHost(h, h.revision().number());
    }

    static Outcome apply(Inventory inv, ModelChange change) {
        return ChangeEngine.decide(inv, "alice", T1, change);
    }

    /** Applies a change that must pass and change something. */
    static Outcome passes(Inventory inv, ModelChange change) {
        Outcome out = apply(inv, change);
        assertTrue(out.record().isPresent(), "expected a recorded change for " + change);
        assertEquals(1, out.writes().size());
        return out;
    }

    /** Asserts the change is refused by {@code rule} and the message names every one of {@code mentions}. */
    static ModelException refused(Rule rule, Inventory inv, ModelChange change, String... mentions) {
        ModelException e = assertThrows(ModelException.class, () -> apply(inv, change));
        assertEquals(rule, e.rule(), e::getMessage);
        assertTrue(e.getMessage().startsWith("[rule " + rule.id() + "] "), e::getMessage);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), () -> "message should name '" + m + "': " + e.getMessage());
        }
        return e;
    }

    // ---- the fixture itself --------------------------------------------------------------------------------

    @Test
    void fixtureIsConsistent() {
        assertEquals(List.of(), ModelRules.violations(base()));
        assertEquals(List.of(), ModelRules.violations(activeBase()));
    }

    @Test
    void blankActorIsRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> ChangeEngine.decide(base(), " ", T1, new RemoveHost("web2", Revision.ANY)));
        assertThrows(NullPointerException.class,
            () -> ChangeEngine.decide(base(), null, T1, new RemoveHost("web2", Revision.ANY)));
    }

    // ---- hosts -----------------------------------------------------------------------------------------------

    @Nested
    class HostName {
        @ParameterizedTest
        @ValueSource(strings = {"web_1", "-web", "web-", "a..b", "web.", "", "web 1", "wéb"})
        void invalidNameIsRefused(String name) {
            refused(Rule.HOST_NAME, base(), new AddHost(Host.of(name, ip("10.0.0.99"))), "'" + name + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"web9", "WEB-9", "lb1.dc1.example.org", "9"})
        void dnsNameIsAccepted(String name) {
            Outcome out = passes(base(), new AddHost(Host.of(name, ip("10.0.0.99"))));
            assertEquals(name, hostOf(out.next(), name).name());
        }
    }

    @Nested
    class HostUnique {
        @Test
        void sameNameInOtherCaseIsRefused() {
            refused(Rule.HOST_UNIQUE, base(), new AddHost(Host.of("WEB1", ip("10.0.0.99"))),
                "web1", "already exists", "10.0.0.11");
        }

        @Test
        void newNameIsAccepted() {
            passes(base(), new AddHost(Host.of("web9", ip("10.0.0.99"))));
        }
    }

    @Nested
    class IpAddressRule {
        @ParameterizedTest
        @ValueSource(strings = {"0.0.0.0", "::", "224.0.0.1", "255.255.255.255", "ff02::1"})
        void hostAddressThatNoHostCanOwnIsRefused(String address) {
            refused(Rule.IP_ADDRESS, base(), new AddHost(Host.of("web9", ip(address))),
                "host web9", ip(address).toString());
        }

        @Test
        void vipThatNoHostCanOwnIsRefused() {
            refused(Rule.IP_ADDRESS, base(), new CreateCluster(cluster("api", "224.0.0.5")),
                "cluster api VIP", "224.0.0.5");
        }

        @Test
        void changingAHostToAnUnassignableAddressIsRefused() {
            refused(Rule.IP_ADDRESS, base(), update(hostOf(base(), "web2").withAddress(ip("0.0.0.0"))),
                "host web2", "0.0.0.0");
        }

        @Test
        void unicastAddressesAreAccepted() {
            passes(base(), new AddHost(Host.of("web9", ip("10.0.0.99"))));
            passes(base(), new AddHost(Host.of("web9", ip("2001:db8::99"))));
        }
    }

    @Nested
    class AddressUnique {
        @Test
        void twoHostsWithTheSameAddressAreRefused() {
            refused(Rule.ADDRESS_UNIQUE, base(), new AddHost(Host.of("web9", ip("10.0.0.11"))),
                "web1", "web9", "10.0.0.11");
        }

        @Test
        void sameIpv6AddressInAnotherSpellingIsRefused() {
            refused(Rule.ADDRESS_UNIQUE, base(), new AddHost(Host.of("web9", ip("2001:DB8:0:0::0011"))),
                "web6", "web9", "2001:db8::11");
        }

        @Test
        void changingAHostToAnotherHostsAddressIsRefused() {
            refused(Rule.ADDRESS_UNIQUE, base(), update(hostOf(base(), "web2").withAddress(ip("10.0.0.13"))),
                "web2", "web3", "10.0.0.13");
        }

        @Test
        void hostAddressEqualToAVipIsRefused() {
            refused(Rule.ADDRESS_UNIQUE, base(), new AddHost(Host.of("web9", ip("10.0.0.100"))),
                "cluster web", "VIP 10.0.0.100", "host web9");
        }

        @Test
        void vipEqualToAHostAddressIsRefused() {
            refused(Rule.ADDRESS_UNIQUE, base(), new CreateCluster(cluster("api", "10.0.0.12")),
                "cluster api", "VIP 10.0.0.12", "host web2");
        }

        @Test
        void distinctAddressesAreAccepted() {
            Outcome out = passes(base(), new AddHost(Host.of("web9", ip("10.0.0.99"))));
            passes(out.next(), new CreateCluster(cluster("api", "10.0.0.101")));
        }
    }

    @Nested
    class WeightRange {
        @ParameterizedTest
        @ValueSource(ints = {-1, 65_536, Integer.MIN_VALUE})
        void hostWeightOutOfRangeIsRefused(int weight) {
            refused(Rule.WEIGHT_RANGE, base(), new AddHost(Host.of("web9", ip("10.0.0.99")).withWeight(weight)),
                "host web9", "weight " + weight, "0..65535");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 65_535})
        void hostWeightInRangeIsAccepted(int weight) {
            Outcome out = passes(base(), new AddHost(Host.of("web9", ip("10.0.0.99")).withWeight(weight)));
            assertEquals(weight, hostOf(out.next(), "web9").weight());
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 65_536})
        void memberWeightOutOfRangeIsRefused(int weight) {
            refused(Rule.WEIGHT_RANGE, base(), update(web(base()).withRealServer("web2", weight)),
                "cluster web real server web2", "weight " + weight);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 65_535})
        void memberWeightInRangeIsAccepted(int weight) {
            Outcome out = passes(base(), update(web(base()).withRealServer("web2", weight)));
            assertEquals(weight, web(out.next()).realServer("web2").orElseThrow().weight());
        }
    }

    @Nested
    class RolePotential {
        @Test
        void loadBalancerOutsidePotentialIsRefused() {
            refused(Rule.ROLE_POTENTIAL, base(),
                new CreateCluster(cluster("api", "10.0.0.101").withLoadBalancer("rsonly")),
                "host rsonly", "load balancer of api", "role potential is rs");
        }

        @Test
        void backupOutsidePotentialIsRefused() {
            refused(Rule.ROLE_POTENTIAL, base(), update(web(base()).withBackup("rsonly", 2)),
                "host rsonly", "backup 2 of web", "role potential is rs");
        }

        @Test
        void realServerOutsidePotentialIsRefused() {
            refused(Rule.ROLE_POTENTIAL, base(), update(web(base()).withRealServer("lbonly", 1)),
                "host lbonly", "real server of web", "role potential is lb");
        }

        @Test
        void narrowingThePotentialOfAHostInUseIsRefused() {
            refused(Rule.ROLE_POTENTIAL, base(),
                update(hostOf(base(), "lb1").withRolePotential(EnumSet.of(Role.REAL_SERVER))),
                "host lb1", "load balancer of web", "role potential is rs");
        }

        @Test
        void emptyPotentialIsRefused() {
            refused(Rule.ROLE_POTENTIAL, base(),
                new AddHost(Host.of("web9", ip("10.0.0.99")).withRolePotential(Set.of())), "host web9", "(none)");
        }

        @Test
        void potentialNoneIsRefused() {
            refused(Rule.ROLE_POTENTIAL, base(),
                new AddHost(Host.of("web9", ip("10.0.0.99")).withRolePotential(Set.of(Role.NONE))),
                "host web9", "none");
        }

        @Test
        void rolesWithinPotentialAreAccepted() {
            Outcome out = passes(base(), new CreateCluster(cluster("api", "10.0.0.101")
                .withLoadBalancer("lbonly").withRealServer("rsonly", 1)));
            assertEquals(Role.LOAD_BALANCER, out.next().roleOf("lbonly").role());
            assertEquals(Role.REAL_SERVER, out.next().roleOf("rsonly").role());
        }
    }

    @Nested
    class OneCluster {
        @Test
        void loadBalancerOfTwoClustersIsRefused() {
            refused(Rule.ONE_CLUSTER, base(), new CreateCluster(cluster("api", "10.0.0.101").withLoadBalancer("lb1")),
                "host lb1", "load balancer of web", "load balancer of api");
        }

        @Test
        void loadBalancerOfOneAndRealServerOfAnotherIsRefused() {
            refused(Rule.ONE_CLUSTER, base(), new CreateCluster(cluster("api", "10.0.0.101")
                    .withLoadBalancer("lb2").withRealServer("lb1", 1)),
                "host lb1", "load balancer of web", "real server of api");
        }

        @Test
        void realServerThatBecomesLoadBalancerElsewhereIsRefused() {
            refused(Rule.ONE_CLUSTER, base(), new CreateCluster(cluster("api", "10.0.0.101")
                    .withLoadBalancer("web1")),
                "host web1", "load balancer of api", "real server of web");
        }

        @Test
        void backupOfTwoClustersIsRefused() {
            refused(Rule.ONE_CLUSTER, base(), new CreateCluster(cluster("api", "10.0.0.101")
                    .withLoadBalancer("lb2").withBackup("bs1", 1)),
                "host bs1", "backup 1 of web", "backup 1 of api");
        }

        @Test
        void realServerOfTwoClustersIsAccepted() {
            Outcome out = passes(base(), new CreateCluster(cluster("api", "10.0.0.101")
                .withLoadBalancer("lb2").withBackup("bs2", 1).withRealServer("web1", 3)));
            assertEquals(new HostRole(Role.REAL_SERVER, List.of("api", "web")), out.next().roleOf("web1"));
        }

        /**
         * The host is named "LB3" in the inventory; the message should name it so, as every other message does
         * (and as member names are stored), not in lowercase.
         */
        @Test
        void oneClusterMessageSpellsTheHostAsTheInventoryDoes() {
            Inventory inv = base();
            List<Host> hosts = new ArrayList<>(inv.hosts());
            hosts.add(host("LB3", "10.0.0.3"));
            inv = new Inventory(inv.modelRevision(), hosts, inv.clusters(), inv.administrators());
            Inventory withApi = passes(inv, new CreateCluster(cluster("api", "10.0.0.101").withLoadBalancer("LB3")))
                .next();
            refused(Rule.ONE_CLUSTER, withApi, update(web(withApi).withRealServer("LB3", 1)), "host LB3");
        }
    }

    @Nested
    class ClusterId {
        @ParameterizedTest
        @ValueSource(strings = {"Web", "9web", "-web", "web_80", "", "abcdefghijklmnopqrstuvwxyz0123456"})
        void invalidIdIsRefused(String id) {
            refused(Rule.CLUSTER_ID, base(), new CreateCluster(cluster(id, "10.0.0.101")), "'" + id + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"api", "web-80", "a", "abcdefghijklmnopqrstuvwxyz012345"})
        void validIdIsAccepted(String id) {
            passes(base(), new CreateCluster(cluster(id, "10.0.0.101")));
        }
    }

    @Nested
    class ClusterUnique {
        @Test
        void existingIdIsRefused() {
            refused(Rule.CLUSTER_UNIQUE, base(), new CreateCluster(cluster("web", "10.0.0.101")),
                "cluster web", "already exists", "10.0.0.100:80/tcp");
        }

        @Test
        void newIdIsAccepted() {
            passes(base(), new CreateCluster(cluster("web2", "10.0.0.101")));
        }
    }

    @Nested
    class VipUnique {
        @Test
        void vipOfAnotherClusterIsRefusedEvenOnAnotherPort() {
            LoadCluster api = LoadCluster.of("api", service("10.0.0.100", 443), Scheduler.RR);
            refused(Rule.VIP_UNIQUE, base(), new CreateCluster(api), "cluster api", "VIP 10.0.0.100",
                "cluster web");
        }

        @Test
        void movingAClusterOntoAnotherVipIsRefused() {
            Inventory inv = passes(base(), new CreateCluster(cluster("api", "10.0.0.101"))).next();
            LoadCluster api = inv.cluster("api").orElseThrow();
            refused(Rule.VIP_UNIQUE, inv, update(api.withService(service("10.0.0.100", 8080))),
                "cluster web", "cluster api", "VIP 10.0.0.100");
        }

        @Test
        void ownVipIsAccepted() {
            passes(base(), new CreateCluster(cluster("api", "10.0.0.101")));
        }
    }

    @Nested
    class ServicePort {
        @ParameterizedTest
        @ValueSource(ints = {0, -1, 65_536})
        void portOutsideRangeIsRefused(int port) {
            refused(Rule.SERVICE_PORT, base(),
                new CreateCluster(LoadCluster.of("api", service("10.0.0.101", port), Scheduler.RR)),
                "cluster api", "port " + port, "1..65535");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 65_535})
        void portInRangeIsAccepted(int port) {
            passes(base(), new CreateCluster(LoadCluster.of("api", service("10.0.0.101", port), Scheduler.RR)));
        }
    }

    @Nested
    class MemberExists {
        @Test
        void unknownRealServerIsRefused() {
            refused(Rule.MEMBER_EXISTS, base(), update(web(base()).withRealServer("ghost", 1)),
                "cluster web", "host ghost", "not in the inventory");
        }

        @Test
        void unknownLoadBalancerIsRefused() {
            refused(Rule.MEMBER_EXISTS, base(), new CreateCluster(cluster("api", "10.0.0.101").withLoadBalancer("ghost")),
                "cluster api", "host ghost");
        }

        @Test
        void knownHostIsAccepted() {
            passes(base(), update(web(base()).withRealServer("web2", 1)));
        }
    }

    @Nested
    class MemberOnce {
        @Test
        void loadBalancerAlsoBackupIsRefused() {
            refused(Rule.MEMBER_ONCE, base(), update(web(base()).withBackup("lb1", 2)),
                "cluster web", "host lb1", "named twice");
        }

        @Test
        void realServerTwiceIsRefused() {
            LoadCluster twice = web(base()).withRealServers(List.of(
                new RealServerMember("web1", 1), new RealServerMember("web2", 1), new RealServerMember("WEB1", 2)));
            refused(Rule.MEMBER_ONCE, base(), update(twice), "cluster web", "host web1", "named twice");
        }

        @Test
        void backupTwiceIsRefused() {
            refused(Rule.MEMBER_ONCE, base(), update(web(base()).withBackups(List.of("bs1", "bs1"))),
                "cluster web", "host bs1");
        }

        @Test
        void distinctMembersAreAccepted() {
            passes(base(), update(web(base()).withBackup("bs2", 2).withRealServer("web2", 1)));
        }
    }

    @Nested
    class AddressFamily {
        @Test
        void ipv6RealServerForIpv4VipIsRefused() {
            refused(Rule.ADDRESS_FAMILY, base(), update(web(base()).withRealServer("web6", 1)),
                "cluster web", "real server web6", "2001:db8::11", "VIP 10.0.0.100");
        }

        @Test
        void ipv4RealServerForIpv6VipIsRefused() {
            refused(Rule.ADDRESS_FAMILY, base(), new CreateCluster(cluster("api6", "2001:db8::100")
                .withLoadBalancer("lb2").withRealServer("web2", 1)), "cluster api6", "real server web2");
        }

        @Test
        void sameFamilyIsAccepted() {
            passes(base(), new CreateCluster(cluster("api6", "2001:db8::100")
                .withLoadBalancer("lb2").withRealServer("web6", 1)));
        }
    }

    @Nested
    class ActiveNeedsLb {
        @Test
        void activatingWithoutLoadBalancerIsRefused() {
            refused(Rule.ACTIVE_NEEDS_LB, base(), update(web(base()).withLoadBalancer("").withActive(true)),
                "cluster web", "no load balancer");
        }

        @Test
        void creatingActiveWithoutLoadBalancerIsRefused() {
            refused(Rule.ACTIVE_NEEDS_LB, base(), new CreateCluster(cluster("api", "10.0.0.101")
                .withRealServer("web2", 1).withActive(true)), "cluster api", "no load balancer");
        }

        @Test
        void activatingWithLoadBalancerAndRealServerIsAccepted() {
            Outcome out = passes(base(), update(web(base()).withActive(true)));
            assertTrue(web(out.next()).active());
            assertEquals("cluster-activated", out.record().orElseThrow().action());
        }
    }

    @Nested
    class ActiveNeedsRs {
        @Test
        void activatingWithoutRealServerIsRefused() {
            refused(Rule.ACTIVE_NEEDS_RS, base(),
                update(web(base()).withoutRealServer("web1").withActive(true)), "cluster web", "no real server");
        }

        @Test
        void removingTheLastRealServerOfAnActiveClusterIsRefused() {
            refused(Rule.ACTIVE_NEEDS_RS, activeBase(), update(web(activeBase()).withoutRealServer("web1")),
                "cluster web", "no real server");
        }

        @Test
        void removingOneOfTwoRealServersIsAccepted() {
            Inventory inv = passes(activeBase(), update(web(activeBase()).withRealServer("web2", 1))).next();
            Outcome out = passes(inv, update(web(inv).withoutRealServer("web1")));
            assertEquals(List.of(new RealServerMember("web2", 1)), web(out.next()).realServers());
        }

        @Test
        void removingTheLastRealServerOfAnInactiveClusterIsAccepted() {
            passes(base(), update(web(base()).withoutRealServer("web1")));
        }
    }

    @Nested
    class ActiveServiceFixed {
        @Test
        void changingTheVipOfAnActiveClusterIsRefused() {
            refused(Rule.ACTIVE_SERVICE_FIXED, activeBase(),
                update(web(activeBase()).withService(service("10.0.0.200", 80))),
                "cluster web", "10.0.0.100:80/tcp", "10.0.0.200:80/tcp");
        }

        @Test
        void changingThePortOrProtocolOfAnActiveClusterIsRefused() {
            refused(Rule.ACTIVE_SERVICE_FIXED, activeBase(),
                update(web(activeBase()).withService(service("10.0.0.100", 8080))), "10.0.0.100:8080/tcp");
            refused(Rule.ACTIVE_SERVICE_FIXED, activeBase(), update(web(activeBase())
                .withService(new VirtualService(ip("10.0.0.100"), 80, ServiceProtocol.UDP))), "10.0.0.100:80/udp");
        }

        @Test
        void changingTheVipOfAnInactiveClusterIsAccepted() {
            Outcome out = passes(base(), update(web(base()).withService(service("10.0.0.200", 80))));
            assertEquals(service("10.0.0.200", 80), web(out.next()).service());
            assertTrue(out.record().orElseThrow().detail().contains("10.0.0.200:80/tcp"));
        }

        @Test
        void otherChangesToAnActiveClusterAreAccepted() {
            Outcome out = passes(activeBase(), update(web(activeBase()).withScheduler(Scheduler.RR)));
            assertEquals("cluster-changed", out.record().orElseThrow().action());
        }
    }

    @Nested
    class ClusterActive {
        @Test
        void dissolvingAnActiveClusterWithoutForceIsRefused() {
            refused(Rule.CLUSTER_ACTIVE, activeBase(), new DissolveCluster("web", 1, false),
                "cluster web", "active", "10.0.0.100:80/tcp", "--force");
        }

        @Test
        void dissolvingAnActiveClusterWithForceIsAccepted() {
            Outcome out = passes(activeBase(), new DissolveCluster("web", 1, true));
            assertTrue(out.next().cluster("web").isEmpty());
            assertEquals(HostRole.NONE, out.next().roleOf("lb1"));
            assertTrue(out.next().host("lb1").isPresent(), "hosts stay in the inventory");
            assertEquals(List.of(new Write.Delete(ObjectKind.CLUSTER, "web", 1)), out.writes());
            ChangeRecord r = out.record().orElseThrow();
            assertEquals("cluster-dissolved", r.action());
            assertEquals(Set.of("web"), r.clusters());
        }

        @Test
        void dissolvingAnInactiveClusterNeedsNoForce() {
            passes(base(), new DissolveCluster("web", 1, false));
        }
    }

    @Nested
    class HostInUse {
        @Test
        void removingARealServerInUseIsRefused() {
            refused(Rule.HOST_IN_USE, base(), new RemoveHost("web1", 1), "host web1", "cluster web (rs)");
        }

        @Test
        void removingALoadBalancerInUseIsRefused() {
            refused(Rule.HOST_IN_USE, base(), new RemoveHost("LB1", 1), "host lb1", "web (lb)");
        }

        @Test
        void removingAHostOfSeveralClustersNamesThemAll() {
            Inventory inv = passes(base(), new CreateCluster(cluster("api", "10.0.0.101").withRealServer("web1", 1)))
                .next();
            refused(Rule.HOST_IN_USE, inv, new RemoveHost("web1", 1), "api (rs)", "web (rs)", "those clusters");
        }

        @Test
        void removingAnUnusedHostIsAccepted() {
            Outcome out = passes(base(), new RemoveHost("web2", 1));
            assertTrue(out.next().host("web2").isEmpty());
            assertEquals(List.of(new Write.Delete(ObjectKind.HOST, "web2", 1)), out.writes());
            assertEquals("host-removed", out.record().orElseThrow().action());
        }
    }

    // ---- administrators ------------------------------------------------------------------------------------

    @Nested
    class Login {
        @ParameterizedTest
        @ValueSource(strings = {"Alice", "1alice", "-alice", "al ice", "", "abcdefghijklmnopqrstuvwxyz0123456"})
        void invalidLoginIsRefused(String login) {
            refused(Rule.LOGIN, base(), new AddAdministrator(admin(login, AdminRole.ADMIN)), "'" + login + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"alice", "_svc", "a.b_c-1", "abcdefghijklmnopqrstuvwxyz012345"})
        void validLoginIsAccepted(String login) {
            passes(base(), new AddAdministrator(admin(login, AdminRole.VIEWER)));
        }
    }

    @Nested
    class AdminUnique {
        @Test
        void existingLoginIsRefused() {
            refused(Rule.ADMIN_UNIQUE, base(), new AddAdministrator(admin("root", AdminRole.VIEWER)),
                "administrator root", "already exists");
        }

        @Test
        void newLoginIsAccepted() {
            Outcome out = passes(base(), new AddAdministrator(admin("alice", AdminRole.ADMIN)));
            ChangeRecord r = out.record().orElseThrow();
            assertEquals("administrator-added", r.action());
            assertEquals("added administrator alice (admin)", r.detail());
        }
    }

    @Nested
    class PasswordPolicyInEngine {
        @Test
        void malformedHashIsRefused() {
            Administrator bad = admin("alice", AdminRole.ADMIN).withPasswordHash(new PasswordHash("secret"));
            ModelException e = refused(Rule.PASSWORD_POLICY, base(), new AddAdministrator(bad), "administrator alice");
            assertFalse(e.getMessage().contains("secret"), "the stored value is not echoed");
        }

        @Test
        void passwordChangeIsRecordedWithoutTheHash() {
            Administrator root = base().administrator("root").orElseThrow();
            Outcome out = passes(base(), new UpdateAdministrator(root.withPasswordHash(OTHER_HASH), 1));
            ChangeRecord r = out.record().orElseThrow();
            assertEquals("password changed", r.detail());
            assertFalse(r.toString().contains(OTHER_HASH.encoded()));
            assertFalse(r.toString().contains(HASH.encoded()));
            assertEquals(OTHER_HASH, out.next().administrator("root").orElseThrow().passwordHash());
        }
    }

    @Nested
    class LastAdmin {
        @Test
        void removingTheOnlyAccountIsRefused() {
            Inventory inv = new Inventory(3, List.of(), List.of(), List.of(admin("root", AdminRole.ADMIN)));
            refused(Rule.LAST_ADMIN, inv, new RemoveAdministrator("root", 1), "administrator root", "last one");
        }

        @Test
        void removingTheLastAdminLeavingOnlyViewersIsRefused() {
            refused(Rule.LAST_ADMIN, base(), new RemoveAdministrator("root", 1),
                "last one with role admin");
        }

        @Test
        void demotingTheOnlyAdminToViewerIsRefused() {
            Administrator root = base().administrator("root").orElseThrow();
            refused(Rule.LAST_ADMIN, base(), new UpdateAdministrator(root.withRole(AdminRole.VIEWER), 1),
                "last one with role admin", "cannot become viewer");
        }

        /** The brief: a refusal names the object. These two paths go through the whole-inventory invariant. */
        @Test
        void lastAdminRefusalNamesTheAdministrator() {
            Administrator root = base().administrator("root").orElseThrow();
            assertAll(
                () -> refused(Rule.LAST_ADMIN, base(), new UpdateAdministrator(root.withRole(AdminRole.VIEWER), 1),
                    "root", "viewer"),
                () -> refused(Rule.LAST_ADMIN, base(), new RemoveAdministrator("root", 1), "root"));
        }

        @Test
        void removingOrDemotingAnAdminIsAcceptedWhileAnotherRemains() {
            Inventory inv = passes(base(), new AddAdministrator(admin("alice", AdminRole.ADMIN))).next();
            Administrator root = inv.administrator("root").orElseThrow();
            Outcome demoted = passes(inv, new UpdateAdministrator(root.withRole(AdminRole.VIEWER), 1));
            assertEquals("role admin -> viewer", demoted.record().orElseThrow().detail());
            passes(inv, new RemoveAdministrator("root", 1));
        }

        @Test
        void removingAViewerIsAccepted() {
            Outcome out = passes(base(), new RemoveAdministrator("vera", 1));
            assertEquals(List.of(new Write.Delete(ObjectKind.ADMINISTRATOR, "vera", 1)), out.writes());
        }
    }

    // ---- text ------------------------------------------------------------------------------------------------

    @Nested
    class Text {
        @Test
        void hostDescriptionWithLineBreakIsRefused() {
            refused(Rule.TEXT, base(), new AddHost(Host.of("web9", ip("10.0.0.99")).withDescription("rack 4\nrow 2")),
                "host web9", "description", "control character");
        }

        @Test
        void tooLongDescriptionIsRefused() {
            refused(Rule.TEXT, base(), new AddHost(Host.of("web9", ip("10.0.0.99")).withDescription("x".repeat(1025))),
                "host web9", "description has 1025 characters", "1024");
            refused(Rule.TEXT, base(), update(web(base()).withDescription("x".repeat(1025))),
                "cluster web", "description has 1025 characters");
        }

        @Test
        void negativeMemoryIsRefused() {
            refused(Rule.TEXT, base(), new AddHost(Host.of("web9", ip("10.0.0.99")).withHardware("x86_64", -1, "e1000")),
                "host web9", "memory size -1 MiB");
        }

        @Test
        void tooLongCpuTypeAndBadSnmpProfileAreRefused() {
            refused(Rule.TEXT, base(),
                new AddHost(Host.of("web9", ip("10.0.0.99")).withHardware("c".repeat(129), 0, "")),
                "host web9", "CPU type has 129 characters");
            refused(Rule.TEXT, base(), new AddHost(Host.of("web9", ip("10.0.0.99")).withSnmpProfile("my profile")),
                "host web9", "'my profile'");
        }

        @Test
        void displayNameWithControlCharacterIsRefused() {
            refused(Rule.TEXT, base(), new AddAdministrator(admin("alice", AdminRole.ADMIN).withDisplayName("A\tB")),
                "administrator alice", "display name");
        }

        @Test
        void printableTextWithinLimitsIsAccepted() {
            Host h = Host.of("web9", ip("10.0.0.99")).withDescription("d".repeat(1024))
                .withHardware("Intel Xeon", 0, "ixgbe").withSnmpProfile("dc1.v3_ro-x");
            passes(base(), new AddHost(h));
            passes(base(), update(web(base()).withDescription("Web shop, Ünïcode is fine")));
        }
    }

    // ---- not found, revision ---------------------------------------------------------------------------------

    static Stream<Arguments> changesOfMissingObjects() {
        return Stream.of(
            Arguments.of(new UpdateHost(Host.of("ghost", IpAddress.parse("10.0.0.99")), Revision.ANY)),
            Arguments.of(new RemoveHost("ghost", Revision.ANY)),
            Arguments.of(new ReportRoleState("ghost", RoleState.ACTIVE)),
            Arguments.of(new UpdateCluster(cluster("ghost", "10.0.0.199"), Revision.ANY)),
            Arguments.of(new DissolveCluster("ghost", Revision.ANY, true)),
            Arguments.of(new UpdateAdministrator(admin("ghost", AdminRole.ADMIN), Revision.ANY)),
            Arguments.of(new RemoveAdministrator("ghost", Revision.ANY)));
    }

    @ParameterizedTest
    @MethodSource("changesOfMissingObjects")
    void changingAMissingObjectIsRefused(ModelChange change) {
        refused(Rule.NOT_FOUND, base(), change, "'ghost'");
    }

    static Stream<Arguments> staleChanges() {
        Inventory b = base();
        return Stream.of(
            Arguments.of(new UpdateHost(hostOf(b, "web2").withWeight(5), 7), "host web2"),
            Arguments.of(new RemoveHost("web2", 7), "host web2"),
            Arguments.of(new UpdateCluster(web(b).withScheduler(Scheduler.RR), 7), "cluster web"),
            Arguments.of(new DissolveCluster("web", 7, true), "cluster web"),
            Arguments.of(new UpdateAdministrator(admin("vera", AdminRole.ADMIN), 7), "administrator vera"),
            Arguments.of(new RemoveAdministrator("vera", 7), "administrator vera"));
    }

    @ParameterizedTest
    @MethodSource("staleChanges")
    void staleRevisionIsAConflict(ModelChange change, String object) {
        ConflictException e = assertThrows(ConflictException.class, () -> apply(base(), change));
        assertEquals(Rule.REVISION, e.rule());
        assertEquals(7, e.expectedRevision());
        assertEquals(SETUP, e.current());
        assertTrue(e.getMessage().startsWith("[rule revision] " + object + " was changed by setup at " + T0),
            e::getMessage);
    }

    @Test
    void conflictNamesWhoChangedTheObjectInBetween() {
        Host web2 = hostOf(base(), "web2");
        Inventory afterAlice = ChangeEngine.decide(base(), "alice", T1, update(web2.withWeight(5))).next();
        ConflictException e = assertThrows(ConflictException.class,
            () -> ChangeEngine.decide(afterAlice, "bob", T2, update(web2.withWeight(7))));
        assertEquals(1, e.expectedRevision());
        assertEquals(new Revision(2, "alice", T1), e.current());
        for (String m : List.of("host web2", "changed by alice", T1.toString(), "now revision 2",
            "based on revision 1", "nothing was written")) {
            assertTrue(e.getMessage().contains(m), () -> "message should name '" + m + "': " + e.getMessage());
        }
    }

    @Test
    void anyRevisionSkipsTheCheck() {
        Host web2 = hostOf(base(), "web2");
        Inventory afterAlice = ChangeEngine.decide(base(), "alice", T1, update(web2.withWeight(5))).next();
        Outcome out = ChangeEngine.decide(afterAlice, "bob", T2, new UpdateHost(web2.withWeight(7), Revision.ANY));
        assertEquals(new Revision(3, "bob", T2), hostOf(out.next(), "web2").revision());
    }

    // ---- outcome, records, revisions -------------------------------------------------------------------------

    @Nested
    class Outcomes {
        @Test
        void unchangedHostWritesAndRecordsNothing() {
            Inventory inv = base();
            Outcome out = apply(inv, update(hostOf(inv, "web2")));
            assertSame(inv, out.next());
            assertEquals(List.of(), out.writes());
            assertTrue(out.record().isEmpty());
        }

        @Test
        void unchangedClusterWritesAndRecordsNothingEvenIfMembersAreSpelledDifferently() {
            Inventory inv = base();
            LoadCluster respelled = web(inv).withLoadBalancer("LB1").withBackups(List.of("Bs1"))
                .withRealServers(List.of(new RealServerMember("WEB1", 1)));
            Outcome out = apply(inv, update(respelled));
            assertSame(inv, out.next());
            assertEquals(List.of(), out.writes());
            assertTrue(out.record().isEmpty());
        }

        @Test
        void unchangedAdministratorAndRoleStateWriteAndRecordNothing() {
            Inventory inv = base();
            Outcome admin = apply(inv, new UpdateAdministrator(inv.administrator("vera").orElseThrow(), 1));
            Outcome state = apply(inv, new ReportRoleState("web1", RoleState.ACTIVE));
            for (Outcome out : List.of(admin, state)) {
                assertSame(inv, out.next());
                assertEquals(List.of(), out.writes());
                assertTrue(out.record().isEmpty());
            }
        }

        @Test
        void updateKeepsTheReportedRoleState() {
            Host edited = hostOf(base(), "web1").withRoleState(RoleState.UNKNOWN).withWeight(5);
            Outcome out = passes(base(), update(edited));
            Host stored = hostOf(out.next(), "web1");
            assertEquals(RoleState.ACTIVE, stored.roleState());
            assertEquals(5, stored.weight());
            assertEquals("weight 1 -> 5", out.record().orElseThrow().detail());
            assertEquals(Set.of("web"), out.record().orElseThrow().clusters());
        }

        @Test
        void anUpdateThatOnlyTouchesTheRoleStateChangesNothing() {
            Inventory inv = base();
            Outcome out = apply(inv, update(hostOf(inv, "web1").withRoleState(RoleState.FAILED)));
            assertSame(inv, out.next());
            assertTrue(out.record().isEmpty());
        }

        @Test
        void reportRoleStateIsRecorded() {
            Outcome out = ChangeEngine.decide(base(), "agent:web1", T1, new ReportRoleState("WEB1", RoleState.FAILED));
            Host stored = hostOf(out.next(), "web1");
            assertEquals(RoleState.FAILED, stored.roleState());
            assertEquals(new Revision(2, "agent:web1", T1), stored.revision());
            assertEquals(List.of(new Write.Put(ObjectKind.HOST, "web1", stored, 1)), out.writes());
            assertEquals(new ChangeRecord(11, T1, "agent:web1", ObjectKind.HOST, "web1", "role-state-reported",
                "role state active -> failed", Set.of("web")), out.record().orElseThrow());
        }

        @Test
        void recordNumberIsModelRevisionPlusOneAndTheNextInventoryCarriesIt() {
            Outcome first = passes(base(), new AddHost(Host.of("web9", ip("10.0.0.99"))));
            assertEquals(11, first.record().orElseThrow().number());
            assertEquals(11, first.next().modelRevision());
            Outcome second = passes(first.next(), new RemoveHost("web9", 1));
            assertEquals(12, second.record().orElseThrow().number());
            assertEquals(12, second.next().modelRevision());
            assertEquals(10, base().modelRevision(), "the input inventory is not modified");
        }

        @Test
        void addHostWritesAndRecordsTheNewHost() {
            Outcome out = ChangeEngine.decide(base(), "alice", T1, new AddHost(Host.of("web9", ip("10.0.0.99"))));
            Host stored = hostOf(out.next(), "web9");
            assertEquals(new Revision(1, "alice", T1), stored.revision());
            assertEquals(List.of(new Write.Put(ObjectKind.HOST, "web9", stored, 0)), out.writes());
            ChangeRecord r = out.record().orElseThrow();
            assertEquals(List.of(11L, T1, "alice", ObjectKind.HOST, "web9", "host-added"),
                List.of(r.number(), r.at(), r.actor(), r.kind(), r.objectName(), r.action()));
            assertTrue(r.detail().contains("web9") && r.detail().contains("10.0.0.99"), r.detail());
        }

        @Test
        void revisionsIncrementAndCarryActorAndTime() {
            Inventory inv = ChangeEngine.decide(base(), "alice", T1,
                new CreateCluster(cluster("api", "10.0.0.101").withLoadBalancer("lb2"))).next();
            LoadCluster api = inv.cluster("api").orElseThrow();
            assertEquals(new Revision(1, "alice", T1), api.revision());

            Outcome out = ChangeEngine.decide(inv, "bob", T2, update(api.withRealServer("web2", 4)));
            LoadCluster stored = out.next().cluster("api").orElseThrow();
            assertEquals(new Revision(2, "bob", T2), stored.revision());
            assertEquals(List.of(new Write.Put(ObjectKind.CLUSTER, "api", stored, 1)), out.writes());
            ChangeRecord r = out.record().orElseThrow();
            assertEquals("bob", r.actor());
            assertEquals(T2, r.at());
            assertEquals("real server web2 added (weight 4)", r.detail());

            Administrator vera = out.next().administrator("vera").orElseThrow();
            Outcome renamed = ChangeEngine.decide(out.next(), "carol", T2,
                new UpdateAdministrator(vera.withDisplayName("Vera V."), 1));
            assertEquals(new Revision(2, "carol", T2), renamed.next().administrator("vera").orElseThrow().revision());
        }

        @Test
        void memberNamesAreStoredAsTheInventorySpellsThem() {
            Outcome out = passes(base(), new CreateCluster(cluster("api", "10.0.0.101")
                .withLoadBalancer("LB2").withBackup("BS2", 1).withRealServer("WEB2", 2)));
            LoadCluster api = out.next().cluster("api").orElseThrow();
            assertEquals("lb2", api.loadBalancer());
            assertEquals(List.of("bs2"), api.backups());
            assertEquals(List.of(new RealServerMember("web2", 2)), api.realServers());

            Outcome added = passes(base(), update(web(base()).withRealServer("WEB3", 1)));
            assertEquals(List.of("web1", "web3"),
                web(added.next()).realServers().stream().map(RealServerMember::host).toList());
        }

        @Test
        void deactivationIsRecordedAsSuch() {
            Outcome out = passes(activeBase(), update(web(activeBase()).withActive(false)));
            assertEquals("cluster-deactivated", out.record().orElseThrow().action());
            assertEquals("state active -> inactive", out.record().orElseThrow().detail());
        }

        @Test
        void createdClusterIsRecordedWithItsId() {
            Outcome out = passes(base(), new CreateCluster(cluster("api", "10.0.0.101")));
            ChangeRecord r = out.record().orElseThrow();
            assertEquals("cluster-built", r.action());
            assertEquals(ObjectKind.CLUSTER, r.kind());
            assertEquals(Set.of("api"), r.clusters());
            assertEquals(new Revision(1, "alice", T1), out.next().cluster("api").orElseThrow().revision());
        }
    }

    // ---- pre-existing violations and aggregation ---------------------------------------------------------------

    @Nested
    class PreExistingViolations {
        /** A hand-edited directory: dup1 and dup2 share an address, cluster broken is active without RS. */
        Inventory messy() {
            List<Host> hosts = new ArrayList<>(base().hosts());
            hosts.add(host("dup1", "10.0.0.50"));
            hosts.add(host("dup2", "10.0.0.50"));
            List<LoadCluster> clusters = new ArrayList<>(base().clusters());
            clusters.add(cluster("broken", "10.0.0.150").withLoadBalancer("lb2").withActive(true).withRevision(SETUP));
            return new Inventory(20, hosts, clusters, base().administrators());
        }

        @Test
        void fixtureIsBroken() {
            assertEquals(List.of(Rule.ADDRESS_UNIQUE, Rule.ACTIVE_NEEDS_RS),
                ModelRules.violations(messy()).stream().map(ModelException::rule).toList());
        }

        @Test
        void theyDoNotBlockUnrelatedChanges() {
            passes(messy(), new AddHost(Host.of("web9", ip("10.0.0.99"))));
            passes(messy(), update(web(messy()).withRealServer("web2", 1)));
            passes(messy(), new RemoveAdministrator("vera", 1));
        }

        @Test
        void aNewViolationIsStillRefused() {
            refused(Rule.ADDRESS_UNIQUE, messy(), new AddHost(Host.of("web9", ip("10.0.0.50"))), "web9", "10.0.0.50");
            refused(Rule.ACTIVE_NEEDS_RS, messy(), update(web(messy()).withoutRealServer("web1").withActive(true)),
                "cluster web");
        }
    }

    /**
     * Invariants are checked cluster by cluster in id order, so when the changed cluster sorts before the one it
     * collides with, the message is phrased about the existing cluster and tells its operator to change that.
     */
    @Test
    void refusalIsPhrasedAboutTheChangedCluster() {
        assertAll(
            () -> refused(Rule.VIP_UNIQUE, base(), new CreateCluster(cluster("api", "10.0.0.100")),
                "cluster api: VIP 10.0.0.100 is already the VIP of cluster web"),
            () -> refused(Rule.ONE_CLUSTER, base(),
                new CreateCluster(cluster("api", "10.0.0.101").withLoadBalancer("lb1")),
                "host lb1 is already the load balancer of web and cannot also be the load balancer of api"));
    }

    @Test
    void twoBrokenRulesAreReportedTogetherUnderTheFirst() {
        ModelException e = refused(Rule.VIP_UNIQUE, base(),
            new CreateCluster(cluster("xapi", "10.0.0.100").withLoadBalancer("ghost")),
            "cluster xapi: VIP 10.0.0.100 is already the VIP of cluster web",
            "; also: [rule member-exists] cluster xapi: host ghost");
        assertEquals(1, e.getMessage().split("\\[rule vip-unique]", -1).length - 1,
            () -> "rule id is not doubled: " + e.getMessage());
    }

    @Test
    void aRefusalListingSeveralRulesGivesEachWithItsOwnRule() {
        ModelException e = refused(Rule.VIP_UNIQUE, base(),
            new CreateCluster(cluster("xapi", "10.0.0.100").withLoadBalancer("ghost")));
        assertEquals(List.of(Rule.VIP_UNIQUE, Rule.MEMBER_EXISTS), e.problems().stream().map(ModelException::rule)
            .toList());
        assertTrue(e.problems().get(1).getMessage().startsWith("[rule member-exists] cluster xapi: host ghost"),
            () -> e.problems().get(1).getMessage());
    }

    @Test
    void checkIsADryRunOfDecide() {
        Inventory inv = base();
        CreateCluster bad = new CreateCluster(cluster("xapi", "10.0.0.100").withLoadBalancer("ghost"));
        assertEquals(List.of(Rule.VIP_UNIQUE, Rule.MEMBER_EXISTS), ChangeEngine.check(inv, "alice", T1, bad).stream()
            .map(ModelException::rule).toList());
        assertEquals(List.of(Rule.CLUSTER_ID), ChangeEngine.check(inv, "alice", T1,
            new CreateCluster(cluster("X", "10.0.0.101"))).stream().map(ModelException::rule).toList());
        assertEquals(List.of(), ChangeEngine.check(inv, "alice", T1, new CreateCluster(cluster("xapi", "10.0.0.101"))));
    }

    // ---- events ----------------------------------------------------------------------------------------------

    @Nested
    class Events {
        @Test
        void anEventIsRecordedWithTheNextNumberAndChangesNoObject() {
            Inventory inv = base();
            Outcome out = ChangeEngine.decide(inv, "lcms-snmp", T1, new RecordEvent(ObjectKind.HOST, "web1",
                "lcmsAgentUnreachable", "major: web1 stopped answering", Set.of()));
            assertEquals(List.of(), out.writes(), "an event writes no object entry");
            assertEquals(new ChangeRecord(11, T1, "lcms-snmp", ObjectKind.HOST, "web1", "lcmsAgentUnreachable",
                "major: web1 stopped answering", Set.of("web")), out.record().orElseThrow(),
                "the clusters using the host are added");
            assertEquals(11, out.next().modelRevision());
            assertEquals(List.copyOf(inv.hosts()), List.copyOf(out.next().hosts()));
            assertEquals(List.copyOf(inv.clusters()), List.copyOf(out.next().clusters()));
            assertEquals(List.copyOf(inv.administrators()), List.copyOf(out.next().administrators()));
        }

        @Test
        void anEventAboutAnObjectThatIsGoneIsStillRecorded() {
            Outcome out = apply(base(), new RecordEvent(ObjectKind.HOST, "ghost", "lcmsAgentStart",
                "normal: agent started", Set.of("old-cluster")));
            ChangeRecord r = out.record().orElseThrow();
            assertEquals("ghost", r.objectName());
            assertEquals(Set.of("old-cluster"), r.clusters());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "1abc", "agent unreachable", "a:b", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
        void aBadEventNameIsRefused(String name) {
            refused(Rule.TEXT, base(), new RecordEvent(ObjectKind.HOST, "web1", name, "", Set.of()),
                "is not an event name", "web1");
        }

        @Test
        void aBlankObjectNameOrAMultiLineDetailIsRefused() {
            refused(Rule.TEXT, base(), new RecordEvent(ObjectKind.CLUSTER, " ", "lcmsBackupTakeover", "", Set.of()),
                "needs the name of the cluster");
            refused(Rule.TEXT, base(), new RecordEvent(ObjectKind.HOST, "web1", "lcmsAgentStart", "a\nb", Set.of()),
                "control character");
            refused(Rule.TEXT, base(), new RecordEvent(ObjectKind.HOST, "web1", "lcmsAgentStart", "d".repeat(4097),
                Set.of()), "4097 characters");
        }
    }
}
