package org.lcms.agent.host;

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
 * One long-running {@code ip -oneline -force -batch -}: iproute2 commands without starting a process for each. Starting a
 * process costs 12–17 ms on the machines LCMS was measured on (fork, exec, dynamic linking; from the JVM as from a
 * shell), a command sent here 0.03–0.6 ms — and a VIP takeover is on the client's clock.
 *
 * <p>Global options cannot be given per line, so the session has {@code -oneline} for all: one line per object.
 * ip runs the lines in order and, with {@code -force}, goes on after a failed one, printing the error and
 * {@code Command failed -:N} (N = the line's number in the stream) on stderr; stdout is flushed after each command.
 * {@link #run} follows the caller's commands with one that fails on purpose (an interface name nobody uses): its
 * {@code Command failed} line, with its own line number, marks the end of their output (ip has no echo).
 * Thread-safe: requests are serialized.
 */
public final class IpBatch implements AutoCloseable {
    private static final String END_MARKER_DEVICE = "lcms-batch-end";
    private static final String END_MARKER_COMMAND = "link show dev " + END_MARKER_DEVICE;
    private static final String END_MARKER_ERROR = "Device \"" + END_MARKER_DEVICE + "\" does not exist.";
    private static final Pattern FAILED = Pattern.compile("Command failed -:(\\d+)");
    private static final String EOF = "\u0000eof";
    /** The name of the thread that reads ip's answers (for its scheduling). */
    public static final String READER_THREAD = "lcms-ip-batch";

    private final List<String> command;
    private final Process process;
    private final OutputStream input;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private int linesSent;

    /** Starts {@code ip -force -batch -}; {@code ip} is the command as an argument list (e.g. with a netns prefix). */
    public IpBatch(List<String> ip) throws IOException {
        List<String> cmd = new ArrayList<>(ip);
        cmd.addAll(List.of("-oneline", "-force", "-batch", "-"));
        this.command = List.copyOf(cmd);
        try {
            this.process = ChildProcesses.builder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(String.join(" ", cmd) + " cannot be started (" + e.getMessage()
                + "); install iproute2", e);
        }
        this.input = process.getOutputStream();
        Thread reader = new Thread(this::read, READER_THREAD);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Runs {@code commands} (ip's arguments without global options, one command each, e.g. {@code addr replace
     * 10.0.0.1/32 dev eth0}) and returns what they printed, one line per object.
     *
     * @throws IOException if one failed (the message has ip's words and the command), or ip did not finish them
     *     within {@code timeoutMillis} or has ended (then this session is closed; start another or fall back)
     */
    public synchronized List<String> run(long timeoutMillis, String... commands) throws IOException {
        StringBuilder b = new StringBuilder();
        int first = linesSent + 1;
        for (String c : commands) {
            if (c.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("one command per line: " + c);
            }
            b.append(c).append('\n');
        }
        b.append(END_MARKER_COMMAND).append('\n');
        linesSent += commands.length + 1;
        int markerLine = linesSent;
        try {
            input.write(b.toString().getBytes(StandardCharsets.UTF_8));
            input.flush();
        } catch (IOException e) {
            close();
            throw new IOException(String.join(" ", command) + " has ended: " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line == EOF) {
                    close();
                    throw new IOException(String.join(" ", command) + (line == null
                        ? " did not answer within " + timeoutMillis + " ms" : " has ended") + " (running: "
                        + String.join("; ", commands) + ")");
                }
                if (line.equals(END_MARKER_ERROR)) {
                    continue;
                }
                Matcher failed = FAILED.matcher(line);
                if (failed.find()) {
                    int number = Integer.parseInt(failed.group(1));
                    if (number == markerLine) {
                        break;
                    }
                    int n = number - first;
                    String which = n >= 0 && n < commands.length ? commands[n] : "line " + failed.group(1);
                    errors.add("ip " + which + ": " + String.join(" ", out).trim());
                    out.clear();
                } else {
                    out.add(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for ip", e);
        }
        if (!errors.isEmpty()) {
            throw new IOException(String.join("; ", errors));
        }
        return out;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
        lines.add(EOF);
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
