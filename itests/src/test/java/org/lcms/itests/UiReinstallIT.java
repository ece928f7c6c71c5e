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
 * (live data through push); after each uninstall the UI's address no longer serves it. The live objects (the class
 * histogram's total) and the metaspace after a full GC (soft references cleared, see {@link #javaOptions}) must not
 * grow by 10 % or more from cycles 2-4 (every one-time load done) to the last three (medians of three, against the
 * noise of live data and sessions). A class loader kept per reinstall shows in the metaspace (11 MiB per cycle for
 * this bundle). The temporary jar copies the JVM holds open must not become more (each deployment opens one per
 * embedded jar; the bundle releases them).
 */
class UiReinstallIT extends BrowserTestBed {
    private static final String CLUSTER = "it-rweb";
    /** The JDK's name for the copy of a jar read through a non-file jar: URL (sun.net.www.protocol.jar.URLJarFile). */
    private static final String JAR_COPY = "jar_cache";
    private static final int CYCLES = Integer.getInteger("lcms.it.uiReinstallCycles", 20);

    @Override
    protected String bedName() {
        return "ui-reinstall";
    }

    @Override
    protected List<Member> members() {
        return List.of(new Member("it-rlb", "127.0.0.121"), new Member("it-rrs", "127.0.0.122"));
    }

    /**
     * Soft references cleared at every collection: otherwise a full GC keeps softly reachable objects (the JDK's and
     * libraries' caches) for about a second per free MiB of heap since their last use, minutes here, and the heap
     * after GC then counts reclaimable memory as growth. What stays is strongly reachable: a leak.
     */
    @Override
    protected List<String> javaOptions() {
        return List.of("-XX:SoftRefLRUPolicyMSPerMB=0");
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
        List<long[]> heaps = new ArrayList<>();
        java.util.SortedMap<String, Integer> threadsAtBaseline = null;
        java.util.Map<String, long[]> histogramAtBaseline = null;
        int jarCopiesAtBaseline = -1;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            long t0 = System.nanoTime();
            shell("feature:uninstall lcms-ui");
            TrustingHttps.Page gone = awaitPage(p -> p.status() != 200 || !p.body().contains("VAADIN"), 60);
            long uninstalled = System.nanoTime();
            shell("feature:install lcms-ui");
            awaitPage(p -> p.status() == 200 && p.body().contains("VAADIN"), 90);
            long served = System.nanoTime();
            dashboardWorks();
            long[] gc = karaf.heapAfterGc();
            String histogram = karaf.classHistogram();
            // {live objects, metaspace, heap in use}: the live objects (the class histogram's total, after the full
            // GC it runs) are what a leak keeps; G1's "used" after a full GC moved between two levels about 3.5 MiB
            // apart from cycle to cycle (36 or 40 MiB) while the objects in it stayed the same.
            long[] heap = {liveKiB(histogram), gc[1], gc[0]};
            heaps.add(heap);
            if (cycle == 2) {
                threadsAtBaseline = karaf.threadNames();
                histogramAtBaseline = instancesByClass(histogram);
                jarCopiesAtBaseline = karaf.openFilesContaining(JAR_COPY);
            }
            String line = String.format("cycle %2d: uninstall %5d ms (then %s), install to login page %5d ms, "
                    + "login to dashboard %5d ms; after GC live objects %d KiB (heap in use %d KiB), metaspace %d KiB",
                cycle, (uninstalled - t0) / 1_000_000, gone.status() == -1 ? "no answer" : "status " + gone.status(),
                (served - uninstalled) / 1_000_000, (System.nanoTime() - served) / 1_000_000, heap[0], heap[2],
                heap[1]);
            lines.add(line);
            report("ui reinstall " + line);
        }
        // Medians of three cycles against the noise of the live data and sessions: cycles 2-4 (every one-time load
        // done) against the last three.
        long[] baseline = {median(heaps.subList(1, 4), 0), median(heaps.subList(1, 4), 1)};
        long[] last = {median(heaps.subList(CYCLES - 3, CYCLES), 0), median(heaps.subList(CYCLES - 3, CYCLES), 1)};
        double growth = (last[0] - baseline[0]) * 100.0 / baseline[0];
        double metaGrowth = (last[1] - baseline[1]) * 100.0 / baseline[1];
        report(String.format("ui reinstall: live objects after GC (median of 3 cycles) %d KiB at cycles 2-4, %d KiB "
            + "at cycles %d-%d: %+.1f %%; metaspace %d -> %d KiB (%+.1f %%)", baseline[0], last[0], CYCLES - 2, CYCLES,
            growth, baseline[1], last[1], metaGrowth));
        int jarCopies = karaf.openFilesContaining(JAR_COPY);
        report(String.format("ui reinstall: open temporary jar copies (%s*) %d at cycle 2, %d after cycle %d",
            JAR_COPY, jarCopiesAtBaseline, jarCopies, CYCLES));
        java.util.SortedMap<String, Integer> threads = karaf.threadNames();
        StringBuilder moreThreads = new StringBuilder();
        for (var t : threads.entrySet()) {
            int before = threadsAtBaseline.getOrDefault(t.getKey(), 0);
            if (t.getValue() > before) {
                moreThreads.append("\n  ").append(t.getKey()).append(": ").append(before).append(" -> ")
                    .append(t.getValue());
            }
        }
        // Classes loaded more than once (one copy per class loader still alive) among the UI's own and Vaadin's:
        // what a leak keeps, for the failure's message.
        java.util.Map<String, Integer> copies = new java.util.TreeMap<>();
        for (String line : karaf.classHistogram().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && (f[3].startsWith("org.lcms.ui") || f[3].startsWith("com.vaadin.flow.server.")
                || f[3].startsWith("org.atmosphere.cpr."))) {
                copies.merge(f[3] + " (" + f[1] + " objects)", 1, Integer::sum);
            }
        }
        // What grew most since cycle 2, by class name over all loaders (instances, bytes): where a leak of objects
        // (not of classes) shows.
        java.util.Map<String, long[]> now = instancesByClass(karaf.classHistogram());
        java.util.Map<String, long[]> before = histogramAtBaseline;
        StringBuilder grew = new StringBuilder();
        now.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue()[1] - before.getOrDefault(b.getKey(), new long[2])[1],
                a.getValue()[1] - before.getOrDefault(a.getKey(), new long[2])[1]))
            .limit(20).forEach(e -> {
                long[] b0 = before.getOrDefault(e.getKey(), new long[2]);
                grew.append(String.format("%n  %+,d bytes %+,d objects %s", e.getValue()[1] - b0[1],
                    e.getValue()[0] - b0[0], e.getKey()));
            });
        report("ui reinstall: classes whose objects grew most since cycle 2:" + grew);
        StringBuilder kept = new StringBuilder();
        copies.forEach((k, v) -> kept.append("\n  ").append(k).append(v > 1 ? " x" + v : ""));
        report("ui reinstall: UI, Vaadin server and Atmosphere objects after the last cycle:" + kept);
        report("ui reinstall: threads that became more since cycle 2:" + (moreThreads.length() == 0 ? " none"
            : moreThreads));
        // Each deployment's scan opens a copy of every embedded jar (about 70); the bundle releases them at stop.
        assertTrue(jarCopies <= jarCopiesAtBaseline, String.format("the Karaf JVM holds %d temporary jar copies (%s*, "
            + "deleted but open) after %d reinstalls, %d at cycle 2: a deployment's copies were not released",
            jarCopies, JAR_COPY, CYCLES, jarCopiesAtBaseline));
        assertTrue(growth < 10.0 && metaGrowth < 10.0, String.format("the live objects after GC grew by %.1f %% and "
            + "the metaspace by %.1f %% over %d reinstalls:%n%s%nthreads that became more since cycle 2:%s%n"
            + "UI, Vaadin and Atmosphere objects:%s", growth, metaGrowth, CYCLES - 4, String.join("\n", lines),
            moreThreads, kept));
    }

    /** The histogram's total: the bytes of every object still reachable after its full GC, in KiB. */
    private static long liveKiB(String histogram) {
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$")
            .matcher(histogram);
        if (!total.find()) {
            throw new AssertionError("no Total line in jcmd GC.class_histogram's output:\n" + histogram);
        }
        return Long.parseLong(total.group(1)) / 1024;
    }

    /** jcmd GC.class_histogram's lines summed by class name: {instances, bytes}. */
    private static java.util.Map<String, long[]> instancesByClass(String histogram) {
        java.util.Map<String, long[]> byClass = new java.util.HashMap<>();
        for (String line : histogram.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                long[] v = byClass.computeIfAbsent(f[3], k -> new long[2]);
                v[0] += Long.parseLong(f[1]);
                v[1] += Long.parseLong(f[2]);
            }
        }
        return byClass;
    }

    private static long median(List<long[]> values, int index) {
        long[] sorted = values.stream().mapToLong(v -> v[index]).sorted().toArray();
        return sorted[sorted.length / 2];
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
