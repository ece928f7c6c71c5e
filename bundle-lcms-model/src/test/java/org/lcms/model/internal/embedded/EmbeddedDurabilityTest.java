package org.lcms.model.internal.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.core.ModelRules;
import org.lcms.model.internal.runtime.DirectoryRuntime;
import org.lcms.model.internal.runtime.DirectorySettings;
import org.lcms.model.internal.runtime.TestConfig;

/**
 * Durability of the embedded directory: a separate JVM ({@link DurabilityWriter}) changes the model in a loop and
 * is killed with SIGKILL at random moments, 25 times over one data directory. After every kill the directory is
 * opened again and must hold every change the writer saw acknowledged, be consistent (no model rule broken) and
 * have a gap-free history.
 */
class EmbeddedDurabilityTest {
    private static final int ROUNDS = 25;

    @TempDir
    Path tmp;

    @Test
    void noAcknowledgedChangeIsLostOnKillMinus9() throws Exception {
        Path data = tmp.resolve("directory");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<String> ackedHosts = new HashSet<>();
        Map<String, Integer> ackedWeight = new HashMap<>();
        Map<String, Set<Integer>> triedAfterAck = new HashMap<>();
        Map<Long, String> ackedRecords = new HashMap<>();
        int totalAcks = 0;
        long maxRecoveryMillis = 0;
        List<String> writerLog = new ArrayList<>(); // every round's lines, for a failure's message

        for (int round = 1; round <= ROUNDS; round++) {
            Process writer = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                DurabilityWriter.class.getName(), data.toString(), "7")
                .redirectError(tmp.resolve("writer-" + round + ".err").toFile()).start();
            List<String> lines = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(l);
                            lines.notifyAll();
                        }
                    }
                } catch (Exception e) {
                    // the stream ends when the writer is killed
                }
            });
            reader.start();
            // Once the writer is in its loop (first acknowledgement), kill it at a random moment of it.
            awaitFirstAck(lines, writer, round);
            Thread.sleep(random.nextInt(600));
            writer.destroyForcibly(); // SIGKILL: no shutdown hook, no final snapshot
            assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
            // Every line the writer printed before it died must be read before judging: a change it tried but did
            // not see acknowledged may have landed. A 10 s bound without this check lets a reader starved on a
            // loaded machine miss the last TRY line, and a landed weight then looks lost: the likely cause of the
            // one failure seen (a weight in the directory that no TRY line on record had asked for).
            reader.join(120_000);
            assertFalse(reader.isAlive(), "round " + round + ": the writer's output was not read to its end");

            int acksThisRound = 0;
            synchronized (lines) {
                writerLog.add("-- round " + round);
                writerLog.addAll(lines);
                for (String l : lines) {
                    String[] p = l.split(" ");
                    if (p[0].equals("ACK") && p[1].equals("host")) {
                        ackedHosts.add(p[2]);
                        ackedRecords.put(Long.parseLong(p[3]), p[2]);
                        acksThisRound++;
                    } else if (p[0].equals("ACK") && p[1].equals("weight")) {
                        ackedWeight.put(p[2], Integer.parseInt(p[3]));
                        triedAfterAck.put(p[2], new HashSet<>());
                        ackedRecords.put(Long.parseLong(p[4]), "pool");
                        acksThisRound++;
                    } else if (p[0].equals("TRY") && p[1].equals("weight")) {
                        triedAfterAck.computeIfAbsent(p[2], k -> new HashSet<>()).add(Integer.parseInt(p[3]));
                    }
                }
            }
            totalAcks += acksThisRound;

            long t0 = System.nanoTime();
            try (DirectoryRuntime reopened = DirectoryRuntime.open(DirectorySettings.from(TestConfig.of(Map.of(
                "embedded.dataDirectory", data.toString(), "embedded.snapshotEvery", "7")), null),
                Clock.systemUTC())) {
                maxRecoveryMillis = Math.max(maxRecoveryMillis, (System.nanoTime() - t0) / 1_000_000);
                Inventory inv = reopened.directory().inventory();
                String ctx = "round " + round + " (seed " + seed + ")";
                for (String h : ackedHosts) {
                    assertTrue(inv.host(h).isPresent(), ctx + ": acknowledged host " + h + " is lost");
                }
                LoadCluster pool = inv.cluster("pool").orElseThrow();
                for (Map.Entry<String, Integer> w : ackedWeight.entrySet()) {
                    int actual = pool.realServer(w.getKey()).orElseThrow(
                        () -> new AssertionError(ctx + ": acknowledged real server " + w.getKey() + " is lost"))
                        .weight();
                    // The acknowledged weight, unless a later attempt (not yet acknowledged) already landed.
                    if (actual != w.getValue() && !triedAfterAck.get(w.getKey()).contains(actual)) {
                        fail(ctx + ": real server " + w.getKey() + " has weight " + actual + ", acknowledged "
                            + w.getValue() + "; the writer's lines about it: " + writerLog.stream()
                            .filter(l -> l.contains(" " + w.getKey() + " ")).toList() + "; the history about it: "
                            + reopened.directory().history(HistoryQuery.latest(10_000)).stream()
                            .filter(r -> r.detail().contains("server " + w.getKey() + " "))
                            .map(r -> r.number() + " " + r.action() + " " + r.detail()).toList());
                    }
                }
                assertEquals(List.of(), ModelRules.violations(inv), ctx + ": the model is inconsistent");
                List<ChangeRecord> history = reopened.directory().history(HistoryQuery.latest(10_000));
                assertEquals(LongStream.rangeClosed(1, inv.modelRevision()).boxed().toList(),
                    history.stream().map(ChangeRecord::number).sorted().toList(), ctx + ": history has gaps");
                for (ChangeRecord r : history) {
                    String expected = ackedRecords.get(r.number());
                    if (expected != null) {
                        assertEquals(expected, r.objectName(), ctx + ": history record " + r.number());
                    }
                }
            }
        }
        System.out.printf("durability: %d kill -9 rounds, %d acknowledged changes, 0 lost, "
            + "slowest reopen %d ms (seed %d)%n", ROUNDS, totalAcks, maxRecoveryMillis, seed);
    }

    private static void awaitFirstAck(List<String> lines, Process writer, int round) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        synchronized (lines) {
            while (lines.stream().noneMatch(l -> l.startsWith("ACK"))) {
                if (!writer.isAlive() || System.currentTimeMillis() > deadline) {
                    writer.destroyForcibly();
                    fail("round " + round + ": writer did not start: " + lines);
                }
                lines.wait(100);
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
