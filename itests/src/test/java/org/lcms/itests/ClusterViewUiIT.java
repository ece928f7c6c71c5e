package org.lcms.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The cluster view ({@code clusters/<id>}) of the assembly's web UI in headless Chromium, on a cluster of four real
 * node agents (dry-run): load balancer, one backup and two real servers whose service is a small HTTP server on the
 * real server's address that the load balancer's agent checks by HTTP. The picture with live state; a real server
 * down and back live; drain and enable; weights (a bad value refused next to the field, a stale revision refused);
 * the scheduler; a switchover to the backup; a viewer's disabled controls and forged clicks; removing a real
 * server; dissolving the cluster.
 */
class ClusterViewUiIT extends BrowserTestBed {
    private static final String CLUSTER = "it-cv";
    private static final String LB = "it-cvlb";
    private static final String BS = "it-cvbs";
    private static final String RS1 = "it-cvrs1";
    private static final String RS2 = "it-cvrs2";
    private static final String VIP = "10.89.3.100";
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final List<Member> MEMBERS = List.of(new Member(LB, "127.0.0.101"), new Member(BS, "127.0.0.102"),
        new Member(RS1, "127.0.0.103"), new Member(RS2, "127.0.0.104"));

    private int servicePort;
    private int failoverPort;
    private final Map<String, HttpServer> services = new HashMap<>();

    @Override
    protected String bedName() {
        return "cluster-view";
    }

    @Override
    protected List<Member> members() {
        return MEMBERS;
    }

    private static String address(String host) {
        return MEMBERS.stream().filter(m -> m.name().equals(host)).findFirst().orElseThrow().address();
    }

    /**
     * Every agent runs the cluster's failover (lb and bs elect the VIP's holder, the real servers witness; the demo's
     * slow timers, for a shared machine) and sends its notifications to the manager; lb and bs check the real
     * servers by HTTP every 300 ms (out after 2 failures, back after 2 successes).
     */
    @Override
    protected List<String> agentConfig(Member m) throws Exception {
        if (failoverPort == 0) {
            failoverPort = LcmsContainerTestSupport.freePortOnAll(MEMBERS.stream().map(Member::address).toList());
            servicePort = LcmsContainerTestSupport.freePortOnAll(List.of(address(RS1), address(RS2)));
        }
        String peer = "%s@%s/" + failoverPort;
        List<String> lines = new java.util.ArrayList<>(List.of(
            "target.mgr.address = 127.0.0.1/" + trapPort,
            "target.mgr.user = " + SNMP_USER,
            "target.mgr.type = inform",
            "failover.self = " + m.name(),
            "failover.listen = " + m.address() + "/" + failoverPort,
            "failover.cluster." + CLUSTER + ".key = cluster-view-it-key",
            "failover.cluster." + CLUSTER + ".vip = " + VIP,
            "failover.cluster." + CLUSTER + ".members = " + String.format(peer, LB, address(LB)) + ", "
                + String.format(peer, BS, address(BS)),
            "failover.cluster." + CLUSTER + ".witnesses = " + String.format(peer, RS1, address(RS1)) + ", "
                + String.format(peer, RS2, address(RS2)),
            "failover.cluster." + CLUSTER + ".heartbeat = 200",
            "failover.cluster." + CLUSTER + ".deadAfter = 2000",
            "failover.cluster." + CLUSTER + ".renew = 500",
            "failover.cluster." + CLUSTER + ".lease = 3000",
            "failover.cluster." + CLUSTER + ".failbackDelay = -1"));
        if (m.name().equals(LB) || m.name().equals(BS)) {
            lines.addAll(List.of("healthCheck = http", "healthCheck.interval = 300", "healthCheck.timeout = 250",
                "healthCheck.fall = 2", "healthCheck.rise = 2"));
        }
        return lines;
    }

    @Override
    protected void prepareModel() throws Exception {
        startService(RS1);
        startService(RS2);
        shell("lcms:host-add --potential lb --snmp-profile it " + LB + " " + address(LB));
        shell("lcms:host-add --potential bs --snmp-profile it " + BS + " " + address(BS));
        shell("lcms:host-add --potential rs --snmp-profile it " + RS1 + " " + address(RS1));
        shell("lcms:host-add --potential rs --snmp-profile it " + RS2 + " " + address(RS2));
        String built = shell("lcms:cluster-build --scheduler wlc --lb " + LB + " --backup " + BS + " --rs " + RS1
            + ":10 --rs " + RS2 + ":20 --activate " + CLUSTER + " " + VIP + " " + servicePort);
        report("cluster view: built " + CLUSTER + " on port " + servicePort + ": " + built.trim());
    }

    /** The real server's service: an HTTP server on its address and the cluster's port, answering 200. */
    private void startService(String host) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(address(host), servicePort), 16);
        server.createContext("/", exchange -> {
            byte[] body = ("ok from " + host + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        services.put(host, server);
    }

    private void stopService(String host) {
        HttpServer server = services.remove(host);
        if (server != null) {
            server.stop(0);
        }
    }

    @AfterAll
    void stopServices() {
        List.copyOf(services.keySet()).forEach(this::stopService);
    }

    private static String key(String host) {
        return CLUSTER + "-" + host;
    }

    /** The cluster's picture, reached from the dashboard's cluster cell. */
    private WebDriver picture(String login) {
        WebDriver browser = loggedIn(login);
        click(browser, "cluster-" + CLUSTER);
        new WebDriverWait(browser, WAIT).until(b -> b.getCurrentUrl().endsWith("/lcms/clusters/" + CLUSTER));
        await(browser, By.id("cluster-picture-" + CLUSTER));
        return browser;
    }

    private static void awaitTrue(WebDriver browser, Duration wait, String what, Predicate<WebDriver> check) {
        try {
            new WebDriverWait(browser, wait).until(check::test);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(what + " not seen within " + wait + "; picture: "
                + text(browser, "cluster-picture-" + CLUSTER) + "; result: " + text(browser, "action-result"), e);
        }
    }

    /** Clicks the element with this id as a user does, after scrolling it to the middle of the window. */
    private static void click(WebDriver browser, String id) {
        WebElement e = await(browser, By.id(id));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
    }

    /** Types into the input of the text field with this id (its previous value cleared). */
    private static void type(WebDriver browser, String id, String text) {
        WebElement field = await(browser, By.cssSelector("#" + id + " input"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", field);
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks the confirmation's yes after checking that it names the effect. */
    private static String confirm(WebDriver browser, String dialog) {
        String effect = await(browser, By.id(dialog + "-effect")).getText();
        click(browser, dialog + "-yes");
        return effect;
    }

    private static void awaitResult(WebDriver browser, String expectedPart) {
        awaitTrue(browser, WAIT, "result containing '" + expectedPart + "'",
            b -> text(b, "action-result").contains(expectedPart));
    }

    private String clusterShow() throws Exception {
        return shell("lcms:cluster-show " + CLUSTER);
    }

    private String awaitShell(String command, Predicate<String> check, int seconds) throws Exception {
        String out = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); System.nanoTime() < end;
             Thread.sleep(300)) {
            out = shell(command);
            if (check.test(out)) {
                return out;
            }
        }
        throw new AssertionError(command + " did not show what was expected within " + seconds + " s:\n" + out);
    }

    /** The weight of {@code host} in lcms:cluster-show's member table (host | address | weight). */
    private static int shownWeight(String show, String host) {
        java.util.regex.Matcher m = Pattern.compile(Pattern.quote(host) + "[\\s|]+[0-9.]+[\\s|]+(\\d+)")
            .matcher(show);
        assertTrue(m.find(), "no weight of " + host + " in:\n" + show);
        return Integer.parseInt(m.group(1));
    }

    @Test
    @Order(1)
    void thePictureShowsLoadBalancerBackupAndBothRealServersWithLiveState() {
        WebDriver browser = loggedIn("ui-admin");
        await(browser, By.id("cluster-" + CLUSTER));
        long t0 = System.nanoTime();
        click(browser, "cluster-" + CLUSTER);
        await(browser, By.id("rs-status-" + key(RS2)));
        long firstRender = (System.nanoTime() - t0) / 1_000_000;
        awaitTrue(browser, SETTLE, "lb holding the VIP and both real servers up",
            b -> text(b, "node-vip-" + key(LB)).equals("holds the VIP")
                && text(b, "rs-status-" + key(RS1)).equals("up") && text(b, "rs-status-" + key(RS2)).equals("up")
                && text(b, "node-reach-" + key(BS)).equals("reachable"));
        report("cluster view: first render (click on the dashboard's cluster cell -> picture) " + firstRender
            + " ms; settled picture: " + text(browser, "cluster-picture-" + CLUSTER).replace('\n', ' '));
        assertTrue(browser.getCurrentUrl().endsWith("/lcms/clusters/" + CLUSTER), browser.getCurrentUrl());
        assertEquals(VIP + ":" + servicePort + "/tcp", text(browser, "vip-" + CLUSTER));
        assertEquals(LB, text(browser, "vip-holder-" + CLUSTER));
        assertEquals("load balancer " + address(LB), text(browser, "node-role-" + key(LB)));
        assertEquals("backup 1 " + address(BS), text(browser, "node-role-" + key(BS)));
        assertEquals("reachable", text(browser, "node-reach-" + key(LB)));
        assertEquals("active", text(browser, "node-state-" + key(LB)));
        assertEquals("holder", text(browser, "node-election-" + key(LB)));
        assertEquals("does not hold the VIP", text(browser, "node-vip-" + key(BS)));
        // the backup appears after the load balancer, the real servers after the chain: the picture's order
        List<String> order = browser.findElements(By.cssSelector("[id^='node-" + CLUSTER + "-'], [id^='rs-" + CLUSTER
            + "-']")).stream().map(e -> e.getAttribute("id")).toList();
        assertEquals(List.of("node-" + key(LB), "node-" + key(BS), "rs-" + key(RS1), "rs-" + key(RS2)), order);
        assertEquals("10", text(browser, "rs-weight-configured-" + key(RS1)));
        assertEquals("20", text(browser, "rs-weight-configured-" + key(RS2)));
        assertEquals("20", text(browser, "rs-weight-effective-" + key(RS2)));
        assertTrue(text(browser, "rs-connections-" + key(RS1)).contains("active"));
        assertEquals("wlc", text(browser, "cluster-scheduler-now-" + CLUSTER));
        assertNull(browser.findElement(By.id("rs-drain-" + key(RS1))).getAttribute("disabled"),
            "an admin may drain an enabled server");
        assertEquals("true", browser.findElement(By.id("rs-enable-" + key(RS1))).getAttribute("disabled"),
            "enable does not apply to an enabled server");
        assertEquals("true", browser.findElement(By.id("node-takevip-" + key(LB))).getAttribute("disabled"),
            "the holder cannot be handed the VIP");
        // the list links to it too
        browser.get(base + "clusters");
        click(browser, "cluster-link-" + CLUSTER);
        await(browser, By.id("rs-status-" + key(RS1)));
    }

    @Test
    @Order(2)
    void aRealServerGoesDownAndComesBackLiveWithoutAReload() throws Exception {
        WebDriver browser = picture("ui-admin");
        awaitTrue(browser, SETTLE, "rs1 up", b -> text(b, "rs-status-" + key(RS1)).equals("up"));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        // A marker a reload would wipe; every change of rs1's status and of its last change's event time, with the
        // browser's clock (the same machine's).
        js.executeScript("window.lcmsNoReload = true; window.lcmsStatus = []; window.lcmsEvents = [];"
            + "let lastStatus = document.getElementById('rs-status-" + key(RS1) + "').textContent;"
            + "let lastEvent = document.getElementById('rs-changed-" + key(RS1) + "').getAttribute('data-time');"
            + "new MutationObserver(() => {"
            + "  const s = document.getElementById('rs-status-" + key(RS1) + "');"
            + "  const c = document.getElementById('rs-changed-" + key(RS1) + "');"
            + "  if (s && s.textContent !== lastStatus) { lastStatus = s.textContent;"
            + "    window.lcmsStatus.push({text: lastStatus, at: Date.now()}); }"
            + "  const t = c ? c.getAttribute('data-time') : null;"
            + "  if (t && t !== lastEvent) { lastEvent = t; window.lcmsEvents.push({event: Number(t), at: Date.now(),"
            + "    status: s ? s.textContent : ''}); }"
            + "}).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});");
        WebElement statusBefore = browser.findElement(By.id("rs-status-" + key(RS1)));

        long killed = System.currentTimeMillis();
        stopService(RS1);
        awaitTrue(browser, WAIT, "rs1 down with its health reason",
            b -> text(b, "rs-status-" + key(RS1)).equals("down") && !text(b, "rs-reason-" + key(RS1)).isEmpty());
        String reason = text(browser, "rs-reason-" + key(RS1));
        assertTrue(reason.startsWith("health: "), reason);
        assertEquals("0", text(browser, "rs-weight-effective-" + key(RS1)));
        assertEquals("up", text(browser, "rs-status-" + key(RS2)), "the other one stays up");
        awaitTrue(browser, WAIT, "the down event on screen", b -> eventCount(js) >= 1);
        Map<?, ?> downEvent = lastEvent(js);

        long started = System.currentTimeMillis();
        startService(RS1);
        awaitTrue(browser, WAIT, "rs1 up again", b -> text(b, "rs-status-" + key(RS1)).equals("up")
            && text(b, "rs-reason-" + key(RS1)).isEmpty());
        awaitTrue(browser, WAIT, "the up event on screen", b -> eventCount(js) >= 2);
        Map<?, ?> upEvent = lastEvent(js);

        assertEquals(Boolean.TRUE, js.executeScript("return window.lcmsNoReload === true;"), "no reload happened");
        assertTrue(statusBefore.isDisplayed(), "the same status element, updated in place (not re-created)");
        List<?> statuses = (List<?>) js.executeScript("return window.lcmsStatus;");
        report("cluster view: rs1 statuses seen in place: " + statuses + "; health reason: " + reason);
        long downOnScreen = ((Number) ((Map<?, ?>) statuses.stream().map(Map.class::cast)
            .filter(s -> "down".equals(s.get("text"))).findFirst().orElseThrow()).get("at")).longValue();
        report("cluster view: rs1 service stopped -> 'down' on screen " + (downOnScreen - killed) + " ms (health "
            + "checks 300 ms x fall 2, then notification and push); restarted -> up after "
            + (((Number) ((Map<?, ?>) statuses.get(statuses.size() - 1)).get("at")).longValue() - started) + " ms");
        for (Map<?, ?> e : List.of(downEvent, upEvent)) {
            long latency = ((Number) e.get("at")).longValue() - ((Number) e.get("event")).longValue();
            report("cluster view: event -> screen (rs1 " + e.get("status") + "): " + latency + " ms");
            assertTrue(latency >= 0 && latency <= 2000, "event to screen within 2 s: " + e);
        }
    }

    private static long eventCount(JavascriptExecutor js) {
        return ((Number) js.executeScript("return window.lcmsEvents.length;")).longValue();
    }

    private static Map<?, ?> lastEvent(JavascriptExecutor js) {
        List<?> events = (List<?>) js.executeScript("return window.lcmsEvents;");
        return (Map<?, ?>) events.get(events.size() - 1);
    }

    @Test
    @Order(3)
    void drainThenEnableWithConfirmationAndResult() throws Exception {
        WebDriver browser = picture("ui-admin");
        awaitTrue(browser, SETTLE, "rs2 up", b -> text(b, "rs-status-" + key(RS2)).equals("up"));
        click(browser, "rs-drain-" + key(RS2));
        String effect = confirm(browser, "confirm-drain");
        assertTrue(effect.contains("takes no new connections"), effect);
        awaitResult(browser, RS2);
        assertEquals("true", browser.findElement(By.id("action-result")).getAttribute("data-ok"),
            text(browser, "action-result"));
        awaitTrue(browser, WAIT, "rs2 draining", b -> text(b, "rs-status-" + key(RS2)).equals("draining"));
        assertEquals("true", browser.findElement(By.id("rs-drain-" + key(RS2))).getAttribute("disabled"));
        assertNull(browser.findElement(By.id("rs-enable-" + key(RS2))).getAttribute("disabled"));
        String status = awaitShell("lcms:cluster-status " + CLUSTER, s -> s.contains("(drained by the operator)")
            && Pattern.compile(RS2 + "\\s.*draining").matcher(s).find(), 20);
        report("cluster view: drained; lcms:cluster-status says: " + status.lines()
            .filter(l -> l.contains(RS2)).findFirst().orElse("").trim());

        click(browser, "rs-enable-" + key(RS2));
        confirm(browser, "confirm-enable");
        awaitTrue(browser, WAIT, "rs2 up after enable", b -> text(b, "rs-status-" + key(RS2)).equals("up"));
        awaitShell("lcms:cluster-status " + CLUSTER, s -> !s.contains("(drained by the operator)")
            && Pattern.compile(RS2 + "\\s.*\\bup\\b").matcher(s).find(), 20);
    }

    @Test
    @Order(4)
    void aWeightIsValidatedNextToTheFieldAndAStaleRevisionChangesNothing() throws Exception {
        WebDriver browser = picture("ui-admin");
        String field = "rs-weight-" + key(RS2);

        // not a number: refused at once, next to the field, no confirmation
        type(browser, field, "ten");
        click(browser, "rs-weight-apply-" + key(RS2));
        awaitText(browser, "rs-weight-error-" + key(RS2), "'ten' is not a weight; give a whole number 0..65535 "
            + "(0 = no new connections)", WAIT);
        assertTrue(browser.findElements(By.id("confirm-weight-yes")).isEmpty(), "no confirmation for a bad value");

        // out of range: the model's rule refuses it, shown next to the field; nothing changed
        type(browser, field, "70000");
        click(browser, "rs-weight-apply-" + key(RS2));
        confirm(browser, "confirm-weight");
        awaitTrue(browser, WAIT, "the range refusal next to the field",
            b -> text(b, "rs-weight-error-" + key(RS2)).contains("[rule weight-range]"));
        report("cluster view: weight 70000 refused next to the field: " + text(browser, "rs-weight-error-" + key(RS2)));
        assertEquals(20, shownWeight(clusterShow(), RS2), "nothing changed");
        assertEquals("20", text(browser, "rs-weight-configured-" + key(RS2)));

        // a good value is applied
        type(browser, field, "25");
        click(browser, "rs-weight-apply-" + key(RS2));
        String effect = confirm(browser, "confirm-weight");
        assertTrue(effect.contains("weight 25 (now 20)"), effect);
        awaitResult(browser, "set to 25");
        assertEquals("", text(browser, "rs-weight-error-" + key(RS2)), "the field's message is gone");
        awaitText(browser, "rs-weight-configured-" + key(RS2), "25", WAIT);
        assertEquals(25, shownWeight(clusterShow(), RS2));

        // someone else changes the cluster while the confirmation is open: nothing of ours is written
        type(browser, field, "30");
        click(browser, "rs-weight-apply-" + key(RS2));
        await(browser, By.id("confirm-weight-yes"));
        shell("lcms:cluster-set-weight " + CLUSTER + " " + RS2 + " 31");
        confirm(browser, "confirm-weight");
        awaitResult(browser, "[rule revision]");
        assertTrue(text(browser, "action-result").startsWith("Nothing changed"), text(browser, "action-result"));
        report("cluster view: stale revision: " + text(browser, "action-result"));
        assertEquals(31, shownWeight(clusterShow(), RS2), "the other change stays, ours was not written");
        awaitText(browser, "rs-weight-configured-" + key(RS2), "31", WAIT);
    }

    @Test
    @Order(5)
    void theSchedulerIsChosenFromTheModelsSetAndAnOtherValueIsRefused() throws Exception {
        WebDriver browser = picture("ui-admin");
        WebElement select = await(browser, By.id("cluster-scheduler-" + CLUSTER));
        List<String> offered = new Select(select).getOptions().stream().map(o -> o.getAttribute("value")).toList();
        assertEquals(List.of("rr", "wrr", "lc", "wlc", "sh"), offered);

        // forged: a value outside the set, sent from the page
        ((JavascriptExecutor) browser).executeScript("const s = document.getElementById('cluster-scheduler-"
            + CLUSTER + "'); const o = document.createElement('option'); o.value = 'fastest'; o.text = 'fastest';"
            + "s.appendChild(o); s.value = 'fastest'; s.dispatchEvent(new Event('change'));");
        click(browser, "cluster-scheduler-apply-" + CLUSTER);
        awaitTrue(browser, WAIT, "the scheduler refusal next to the field",
            b -> text(b, "cluster-scheduler-error-" + CLUSTER).contains("fastest"));
        assertTrue(browser.findElements(By.id("confirm-scheduler-yes")).isEmpty(), "no confirmation");
        assertTrue(clusterShow().contains("wlc"), "nothing changed");

        new Select(browser.findElement(By.id("cluster-scheduler-" + CLUSTER))).selectByValue("rr");
        click(browser, "cluster-scheduler-apply-" + CLUSTER);
        String effect = confirm(browser, "confirm-scheduler");
        assertTrue(effect.contains("round robin instead of weighted least connection"), effect);
        awaitResult(browser, "set to rr");
        awaitText(browser, "cluster-scheduler-now-" + CLUSTER, "rr", WAIT);
        assertEquals("", text(browser, "cluster-scheduler-error-" + CLUSTER));
        assertTrue(clusterShow().contains("rr (round robin)"), clusterShow());
    }

    @Test
    @Order(6)
    void aSwitchoverMovesTheVipHolderOnThePicture() throws Exception {
        WebDriver browser = picture("ui-admin");
        awaitTrue(browser, SETTLE, "lb holding, bs ready", b -> text(b, "node-vip-" + key(LB)).equals("holds the VIP")
            && b.findElement(By.id("node-takevip-" + key(BS))).getAttribute("disabled") == null);
        long t0 = System.currentTimeMillis();
        click(browser, "node-takevip-" + key(BS));
        String effect = confirm(browser, "confirm-switchover");
        assertTrue(effect.startsWith(LB + " hands the VIP " + VIP), effect);
        awaitTrue(browser, WAIT, "bs holding the VIP on the picture", b -> text(b, "node-vip-" + key(BS))
            .equals("holds the VIP") && text(b, "node-vip-" + key(LB)).equals("does not hold the VIP")
            && text(b, "vip-holder-" + CLUSTER).equals(BS));
        report("cluster view: switchover confirmed -> " + BS + " shown as holder after "
            + (System.currentTimeMillis() - t0) + " ms; result: " + text(browser, "action-result"));
        awaitTrue(browser, WAIT, "the switchover's result", b -> "true".equals(b.findElement(By.id("action-result"))
            .getAttribute("data-ok")) && !text(b, "action-result").startsWith("Working"));
        assertEquals("true", browser.findElement(By.id("node-takevip-" + key(BS))).getAttribute("disabled"));
        assertTrue(shell("lcms:cluster-status " + CLUSTER).contains("VIP holder: " + BS));
    }

    @Test
    @Order(7)
    void aViewerSeesEveryControlDisabledAndAForgedClickIsRefused() throws Exception {
        WebDriver browser = picture("ui-viewer");
        awaitTrue(browser, SETTLE, "the picture with rs2", b -> text(b, "rs-status-" + key(RS2)).equals("up"));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<?> controls = (List<?>) js.executeScript("return Array.from(document.querySelectorAll("
            + "'vaadin-button[id^=\"rs-\"], vaadin-button[id^=\"node-\"], vaadin-button[id^=\"cluster-\"], "
            + "vaadin-text-field[id^=\"rs-weight-\"], select[id^=\"cluster-scheduler-\"]')).map(b => b.id + '='"
            + " + b.hasAttribute('disabled'));");
        assertEquals(2 * 5 + 2 + 3, controls.size(), "drain, enable, remove, weight field and apply per real "
            + "server, hand over per chain member, scheduler field and apply, dissolve: " + controls);
        assertTrue(controls.stream().allMatch(c -> String.valueOf(c).endsWith("=true")), "all disabled: " + controls);

        js.executeScript("const b = document.getElementById('rs-drain-" + key(RS2) + "'); b.removeAttribute('disabled');"
            + " b.disabled = false; b.click();");
        awaitText(browser, "refusal", "Refused: ui-viewer is a viewer and may not drain a real server; ask an "
            + "administrator with the admin role.", WAIT);
        assertTrue(browser.findElements(By.id("confirm-drain-yes")).isEmpty(), "no confirmation for the viewer");
        js.executeScript("const b = document.getElementById('cluster-dissolve-" + CLUSTER + "');"
            + " b.removeAttribute('disabled'); b.disabled = false; b.click();");
        new WebDriverWait(browser, WAIT).until(b -> b.findElements(By.id("refusal")).stream()
            .anyMatch(e -> e.getText().contains("may not build, change or dissolve a cluster")));
        assertTrue(browser.findElements(By.id("confirm-dissolve-yes")).isEmpty());
        assertFalse(karaf.logLinesWith("refused to drain a real server for ui-viewer").isEmpty(), "logged");
        Thread.sleep(1000);
        assertFalse(shell("lcms:cluster-status " + CLUSTER).contains("(drained by the operator)"), "nothing drained");
        assertTrue(shell("lcms:cluster-list").contains(CLUSTER), "not dissolved");
    }

    @Test
    @Order(8)
    void aRealServerIsRemoved() throws Exception {
        WebDriver browser = picture("ui-admin");
        click(browser, "rs-remove-" + key(RS1));
        String effect = confirm(browser, "confirm-remove");
        assertTrue(effect.contains(RS1 + " leaves cluster " + CLUSTER), effect);
        awaitResult(browser, "removed");
        awaitTrue(browser, WAIT, "rs1 gone from the picture", b -> b.findElements(By.id("rs-" + key(RS1))).isEmpty());
        assertFalse(browser.findElements(By.id("rs-" + key(RS2))).isEmpty(), "rs2 stays");
        String show = clusterShow();
        assertFalse(Pattern.compile(Pattern.quote(RS1) + "[\\s|]+" + Pattern.quote(address(RS1))).matcher(show).find(),
            "the model has no rs1 in the cluster:\n" + show);
        assertEquals(31, shownWeight(show, RS2));
    }

    @Test
    @Order(9)
    void theClusterIsDissolved() throws Exception {
        WebDriver browser = picture("ui-admin");
        click(browser, "cluster-dissolve-" + CLUSTER);
        String effect = confirm(browser, "confirm-dissolve");
        assertTrue(effect.contains("It is active: its service stops at once."), effect);
        new WebDriverWait(browser, WAIT).until(b -> b.getCurrentUrl().endsWith("/lcms/clusters"));
        await(browser, By.id("cluster-list"));
        awaitTrue(browser, WAIT, "the cluster gone from the list",
            b -> b.findElements(By.id("cluster-link-" + CLUSTER)).isEmpty());
        awaitTrue(browser, WAIT, "the dissolve's result", b -> b.findElements(By.id("action-note")).stream()
            .anyMatch(e -> e.getText().contains("Cluster " + CLUSTER + " dissolved")));
        String list = shell("lcms:cluster-list");
        assertFalse(Pattern.compile("\\b" + CLUSTER + "\\b(?!\\w)").matcher(list.replace(LB, "").replace(BS, "")
            .replace(RS1, "").replace(RS2, "")).find(), "lcms:cluster-list agrees:\n" + list);
        browser.get(base + "clusters/" + CLUSTER);
        awaitTrue(browser, WAIT, "the view of a dissolved cluster says so",
            b -> text(b, "cluster-missing").contains("not in the model"));
    }
}
