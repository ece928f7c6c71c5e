package org.lcms.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The web UI is hot-deployable: feature:uninstall lcms-ui and feature:install lcms-ui 20 times in the running
 * assembly. After each install an administrator logs in with a real Chromium and sees the dashboard with the cluster
 * (live data through push); after each uninstall the UI's address no longer serves it. The heap after a full GC
 * must not grow by 10 % or more between the second cycle (after every one-time load) and the last.
 */
class UiReinstallIT extends BrowserTestBed {
    private static final String CLUSTER = "it-rweb";
    private static final int CYCLES = Integer.getInteger("lcms.it.uiReinstallCycles", 20);

    @Override
    protected String bedName() {
        return "ui-reinstall";
    }

    @Override
    protected List<Member> members() {
        return List.of(new Member("it-rlb", "127.0.0.121"), new Member("it-rrs", "127.0.0.122"));
    }

    @Override
    protected void prepareModel() throws Exception {
        shell("lcms:host-add --potential lb --snmp-profile it it-rlb 127.0.0.121");
        shell("lcms:host-add --potential rs --snmp-profile it it-rrs 127.0.0.122");
        shell("lcms:cluster-build --lb it-rlb --rs it-rrs --activate " + CLUSTER + " 10.89.2.100 80");
    }

    @Test
    @Order(1)
    void twentyReinstallsEachWorkingWithoutTheHeapGrowing() throws Exception {
        dashboardWorks();
        List<String> lines = new ArrayList<>();
        long[] baseline = null;
        long[] last = null;
        java.util.SortedMap<String, Integer> threadsAtBaseline = null;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            long t0 = System.nanoTime();
            shell("feature:uninstall lcms-ui");
            TrustingHttps.Page gone = awaitPage(p -> p.status() != 200 || !p.body().contains("VAADIN"), 60);
            long uninstalled = System.nanoTime();
            shell("feature:install lcms-ui");
            awaitPage(p -> p.status() == 200 && p.body().contains("VAADIN"), 90);
            long served = System.nanoTime();
            dashboardWorks();
            long[] heap = karaf.heapAfterGc();
            if (cycle == 2) {
                baseline = heap;
                threadsAtBaseline = karaf.threadNames();
            }
            last = heap;
            String line = String.format("cycle %2d: uninstall %5d ms (then %s), install to login page %5d ms, "
                    + "login to dashboard %5d ms; after GC heap %d KiB, metaspace %d KiB", cycle,
                (uninstalled - t0) / 1_000_000, gone.status() == -1 ? "no answer" : "status " + gone.status(),
                (served - uninstalled) / 1_000_000, (System.nanoTime() - served) / 1_000_000, heap[0], heap[1]);
            lines.add(line);
            report("ui reinstall " + line);
        }
        double growth = (last[0] - baseline[0]) * 100.0 / baseline[0];
        double metaGrowth = (last[1] - baseline[1]) * 100.0 / baseline[1];
        report(String.format("ui reinstall: heap after GC %d KiB after cycle 2, %d KiB after cycle %d: %+.1f %%; "
            + "metaspace %d -> %d KiB (%+.1f %%)", baseline[0], last[0], CYCLES, growth, baseline[1], last[1],
            metaGrowth));
        java.util.SortedMap<String, Integer> threads = karaf.threadNames();
        StringBuilder moreThreads = new StringBuilder();
        for (var t : threads.entrySet()) {
            int before = threadsAtBaseline.getOrDefault(t.getKey(), 0);
            if (t.getValue() > before) {
                moreThreads.append("\n  ").append(t.getKey()).append(": ").append(before).append(" -> ")
                    .append(t.getValue());
            }
        }
        report("ui reinstall: threads that became more since cycle 2:" + (moreThreads.length() == 0 ? " none"
            : moreThreads));
        assertTrue(growth < 10.0, String.format("the heap after GC grew by %.1f %% over %d reinstalls:%n%s%n"
            + "threads that became more since cycle 2:%s", growth, CYCLES - 2, String.join("\n", lines),
            moreThreads));
    }

    /** A fresh Chromium logs in as the admin and sees the cluster's row with its live VIP holder. */
    private void dashboardWorks() {
        WebDriver browser = loggedIn("ui-admin");
        await(browser, By.id("cluster-" + CLUSTER));
        awaitText(browser, "holder-" + CLUSTER, "it-rlb", WAIT);
        closeBrowsers();
    }

    private TrustingHttps.Page awaitPage(java.util.function.Predicate<TrustingHttps.Page> condition, int seconds)
        throws Exception {
        TrustingHttps.Page page = null;
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); System.nanoTime() < end; ) {
            page = TrustingHttps.get(base + "login");
            if (condition.test(page)) {
                return page;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the UI's login page did not change as expected within " + seconds + " s; last: "
            + page + "\nLCMS UI lines of karaf.log:\n" + String.join("\n", karaf.logLinesWith("LCMS UI")));
    }
}
