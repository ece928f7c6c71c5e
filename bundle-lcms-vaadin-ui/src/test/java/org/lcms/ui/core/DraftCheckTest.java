package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange.CreateCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.model.core.ChangeEngine;

class DraftCheckTest {

    private static Map<DraftField, String> at(BuildStep step, ClusterDraft d) {
        return DraftCheck.problems(step, d, BuilderFixture.rules());
    }

    private static void only(DraftField field, String mention, Map<DraftField, String> found) {
        assertEquals(List.of(field), List.copyOf(found.keySet()), () -> "problems: " + found);
        assertTrue(found.get(field).contains(mention), () -> field + ": " + found.get(field));
    }

    @Test
    void aCompleteDraftPassesEveryStepAndIsTheClusterTheShellCommandBuilds() {
        ClusterDraft d = BuilderFixture.complete();
        for (BuildStep s : BuildStep.values()) {
            assertEquals(Map.of(), at(s, d), s.name());
        }
        LoadCluster expected = LoadCluster.of("api", new VirtualService(IpAddress.parse("192.0.2.101"), 8080,
                ServiceProtocol.TCP), Scheduler.RR).withLoadBalancer("lvs-1").withBackups(List.of("lvs-2"))
            .withRealServers(List.of(new RealServerMember("web-1", 10), new RealServerMember("web-2", 20)))
            .withActive(true);
        assertEquals(expected, DraftCheck.cluster(d), "lcms:cluster-build --lb lvs-1 --backup lvs-2 --rs web-1:10 "
            + "--rs web-2:20 --scheduler rr --activate api 192.0.2.101 8080");
        assertTrue(ChangeEngine.decide(BuilderFixture.model(), "ann", BuilderFixture.NOW,
            new CreateCluster(DraftCheck.cluster(d))).record().isPresent(), "the model takes it");
    }

    @Test
    void theServiceStepParsesTheAddressAndPortAndLeavesRangesToTheModel() {
        ClusterDraft d = BuilderFixture.complete();
        d.vip("192.0.2.300");
        only(DraftField.VIP, "'192.0.2.300' is not an IP address", at(BuildStep.SERVICE, d));
        d.vip("224.0.0.5");
        only(DraftField.VIP, "[rule ip-address]", at(BuildStep.SERVICE, d));
        d.vip("192.0.2.100");
        only(DraftField.VIP, "is already the VIP of cluster web", at(BuildStep.SERVICE, d));
        d.vip("192.0.2.21");
        only(DraftField.VIP, "is the address of host web-1", at(BuildStep.SERVICE, d));
        d.vip("192.0.2.101");
        d.port("http");
        only(DraftField.PORT, "'http' is not a port number", at(BuildStep.SERVICE, d));
        d.port("70000");
        only(DraftField.PORT, "[rule service-port]", at(BuildStep.SERVICE, d));
        d.port("0");
        only(DraftField.PORT, "outside 1..65535", at(BuildStep.SERVICE, d));
    }

    @Test
    void theIdIsCheckedByTheModelForFormAndUniqueness() {
        ClusterDraft d = BuilderFixture.complete();
        d.id("Web 1");
        only(DraftField.ID, "[rule cluster-id]", at(BuildStep.SERVICE, d));
        d.id("");
        only(DraftField.ID, "[rule cluster-id]", at(BuildStep.SERVICE, d));
        d.id("web");
        only(DraftField.ID, "cluster web already exists", at(BuildStep.SERVICE, d));
    }

    @Test
    void anEarlyStepIsNotHeldUpByTheActivationRulesOfLaterSteps() {
        ClusterDraft d = new ClusterDraft();
        d.id("api");
        d.vip("192.0.2.101");
        d.port("80");
        assertEquals(Map.of(), at(BuildStep.SERVICE, d));
        assertEquals(Map.of(), at(BuildStep.SCHEDULER, d));
        only(DraftField.LOAD_BALANCER, "[rule active-needs-lb]", at(BuildStep.LOAD_BALANCER, d));
        d.loadBalancer("lvs-1");
        assertEquals(Map.of(), at(BuildStep.BACKUPS, d), "no backup is fine");
        only(DraftField.REAL_SERVERS, "[rule active-needs-rs]", at(BuildStep.REAL_SERVERS, d));
    }

    @Test
    void aMemberProblemStandsAtTheStepThatAddedTheMember() {
        ClusterDraft d = BuilderFixture.complete();
        d.loadBalancer("web-2");
        only(DraftField.LOAD_BALANCER, "[rule role-potential] host web-2 cannot be the load balancer",
            at(BuildStep.LOAD_BALANCER, d));
        d.loadBalancer("lvs-3");
        only(DraftField.LOAD_BALANCER, "[rule one-cluster] host lvs-3 is already backup 1 of web",
            at(BuildStep.LOAD_BALANCER, d));
        d.loadBalancer("lvs-2");
        assertEquals(Map.of(), at(BuildStep.LOAD_BALANCER, d), "the backup is not part of the draft yet");
        only(DraftField.BACKUPS, "[rule member-once] cluster api: host lvs-2 is named twice",
            at(BuildStep.BACKUPS, d));
        d.loadBalancer("lvs-1");
        d.realServer("lvs-2", "1");
        only(DraftField.REAL_SERVERS, "host lvs-2 is named twice", at(BuildStep.REAL_SERVERS, d));
    }

    @Test
    void weightsAreParsedHereAndRangedByTheModel() {
        ClusterDraft d = BuilderFixture.complete();
        d.realServer("web-2", "heavy");
        only(DraftField.REAL_SERVERS, "real server web-2: weight 'heavy' is not a weight",
            at(BuildStep.REAL_SERVERS, d));
        d.realServer("web-2", "70000");
        only(DraftField.REAL_SERVERS, "[rule weight-range]", at(BuildStep.REAL_SERVERS, d));
        assertEquals(Map.of(), at(BuildStep.LOAD_BALANCER, d), "weights are not the load balancer step's business");
    }

    @Test
    void theReviewReportsTheFirstStepThatFails() {
        ClusterDraft d = BuilderFixture.complete();
        d.addBackup("lvs-1"); // the load balancer again, entered by going back
        d.port("99999");
        Map<DraftField, String> found = DraftCheck.firstProblems(BuildStep.REVIEW, d, BuilderFixture.rules());
        only(DraftField.PORT, "[rule service-port]", found);
        d.port("80");
        found = DraftCheck.firstProblems(BuildStep.REVIEW, d, BuilderFixture.rules());
        only(DraftField.BACKUPS, "host lvs-1 is named twice", found);
        d.removeBackup("lvs-1");
        assertEquals(Map.of(), DraftCheck.firstProblems(BuildStep.REVIEW, d, BuilderFixture.rules()));
    }

    @Test
    void theHealthCheckChoiceBecomesTheModelsPolicy() {
        ClusterDraft d = BuilderFixture.complete();
        d.healthCheck(HealthCheckChoice.TCP);
        assertEquals(Map.of(), at(BuildStep.REVIEW, d));
        assertEquals("healthCheck=tcp", DraftCheck.cluster(d).policy().text());
        d.healthCheck(HealthCheckChoice.AGENTS_OWN);
        assertTrue(DraftCheck.cluster(d).policy().isEmpty(), "the agents' own, as lcms:cluster-build leaves it");
    }
}
