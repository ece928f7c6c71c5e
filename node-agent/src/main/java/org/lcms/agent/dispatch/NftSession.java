package org.lcms.agent.dispatch;

import org.lcms.agent.host.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One long-running {@code nft -i} process that runs the dispatch driver's changes, so that a change costs no
 * process start (on the busy 2-CPU bed one {@code nft -f} took 65-110 ms, most of it starting nft).
 *
 * <p>{@code nft -i} runs each input line as one transaction: when the kernel or nft refuses any command of the
 * line, none of the line is applied (tried with nft 1.0.6). It says nothing when a line works, so every change is
 * followed by a listing of the table's {@code applied} set, which the change itself sets to a new generation
 * number: the listing shows that number only if the change was applied. The listing comes after the change's
 * errors, if any (nft runs lines one after the other and writes both to the same pipe).
 *
 * <p>Not thread-safe: the driver calls it under its own lock. After a failure ({@link Outcome.Broken}) the
 * session is closed and must not be used again: a late answer could be taken for the next change's.
 */
final class NftSession implements AutoCloseable {
    /** What became of one change. */
    sealed interface Outcome {
        /** The listing shows the change's generation. */
        record Applied() implements Outcome { }

        /** nft refused the line (nothing of it applied); {@code errors} are nft's own words. */
        record Refused(String errors) implements Outcome { }

        /** No usable answer: the process ended, or did not answer in time; the state of the table is unknown. */
        record Broken(String reason) implements Outcome { }
    }

    private static final Pattern GENERATION = Pattern.compile("elements = \\{ (0x[0-9a-f]+|\\d+) }");

    /** What the reader saw for one listing: the generation (-1: none, or the listing failed) and nft's errors. */
    private record Listing(long generation, String errors) { }

    private static final Listing ENDED = new Listing(-2, "");

    private final String table;
    private final String set;
    private final String probe;
    private final Process process;
    private final OutputStream input;
    private final BlockingQueue<Listing> listings = new LinkedBlockingQueue<>();

    /**
     * Starts {@code nft -i}.
     *
     * @param nft the nft command (e.g. {@code nft}, or prefixed with {@code ip netns exec NS})
     * @param table the table, as {@code FAMILY NAME}
     * @param set the set in it that carries the generation number (type mark)
     */
    NftSession(List<String> nft, String table, String set) throws IOException {
        this.table = table;
        this.set = set;
        this.probe = "list set " + table + " " + set;
        List<String> cmd = new ArrayList<>(nft);
        cmd.add("-i");
        this.process = ChildProcesses.builder(cmd).redirectErrorStream(true).start();
        this.input = process.getOutputStream();
        Thread reader = new Thread(this::read, "lcms-dispatch-nft");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Runs {@code line} (commands separated by {@code ;}, which must set the generation set to {@code generation}
     * only) and waits for the listing that says whether it was applied.
     */
    Outcome run(String line, long generation, long timeoutMillis) {
        listings.clear();
        try {
            input.write((line + "\n" + probe + "\n").getBytes(StandardCharsets.US_ASCII));
            input.flush();
        } catch (IOException e) {
            return new Outcome.Broken("nft -i ended (" + e.getMessage() + ")");
        }
        Listing got;
        try {
            got = listings.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Broken("interrupted while waiting for nft -i");
        }
        if (got == null) {
            return new Outcome.Broken("nft -i did not answer within " + timeoutMillis + " ms");
        }
        if (got == ENDED) {
            return new Outcome.Broken("nft -i ended (exit " + exitValue() + ")");
        }
        if (got.generation() == generation) {
            return new Outcome.Applied();
        }
        return new Outcome.Refused(got.errors().isEmpty()
            ? "nft applied nothing (" + table + " " + set + " holds generation " + got.generation() + ", not "
                + generation + ")"
            : got.errors());
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    private String exitValue() {
        try {
            return process.waitFor(100, TimeUnit.MILLISECONDS) ? String.valueOf(process.exitValue()) : "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /**
     * nft's answers: a listing of the set ({@code table ... {}, ... elements = { N } ..., }}) or, when the
     * table is missing, an error whose echoed command is the listing; errors of a change come before.
     */
    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            StringBuilder errors = new StringBuilder();
            boolean echoNext = false;
            boolean listing = false;
            long generation = -1;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("Error:")) {
                    errors.append(errors.length() == 0 ? "" : "; ").append(line.substring(6).trim());
                    echoNext = true;
                } else if (echoNext) {
                    echoNext = false; // the line nft refused, then a line of carets under the culprit
                    if (line.startsWith(probe)) {
                        listings.add(new Listing(-1, errors.toString()));
                        errors.setLength(0);
                    }
                } else if (line.startsWith("table " + table + " {")) {
                    listing = true;
                    generation = -1;
                } else if (listing && line.equals("}")) {
                    listing = false;
                    listings.add(new Listing(generation, errors.toString()));
                    errors.setLength(0);
                } else if (listing) {
                    Matcher m = GENERATION.matcher(line);
                    if (m.find()) {
                        generation = Long.decode(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        listings.add(ENDED);
    }

    @Override
    public void close() {
        try {
            input.close();
        } catch (IOException e) {
            // it ended already
        }
        process.destroy();
    }
}
