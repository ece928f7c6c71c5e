package org.lcms.agent.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * healthCheck = http: {@code GET path} from the real server's own address answers with the expected status within
 * the timeout (connect, request and status line together). A plain HTTP/1.1 socket with {@code Connection: close}
 * rather than java.net.http: every check opens a new connection (a pooled one would not show that the server
 * still accepts), the whole exchange is bounded by one deadline, and no client threads linger. Only the status
 * line is read.
 */
final class HttpGetProbe implements HealthProbe {
    private static final int MAX_STATUS_LINE = 1024;

    private final String path;
    private final int expectStatus;

    HttpGetProbe(String path, int expectStatus) {
        this.path = path;
        this.expectStatus = expectStatus;
    }

    @Override
    public ProbeResult probe(Endpoint target, long timeoutMillis) {
        String url = "http://" + target + path;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target.address(), target.port()), millis(timeoutMillis));
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + target + "\r\nUser-Agent: lcms-agent health check\r\n"
                + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = statusLine(s, deadline);
            String[] parts = statusLine.split(" ", 3);
            int status;
            try {
                status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 0) {
                return ProbeResult.failed("GET " + url + " answered no HTTP status line: '" + statusLine + "'");
            }
            return status == expectStatus ? ProbeResult.healthy("GET " + url + " answered " + status)
                : ProbeResult.failed("GET " + url + " answered " + status + ", expected " + expectStatus);
        } catch (SocketTimeoutException e) {
            return ProbeResult.failed("GET " + url + ": no answer within " + timeoutMillis + " ms");
        } catch (IOException e) {
            return ProbeResult.failed("GET " + url + ": " + e.getMessage());
        }
    }

    /** Reads up to CRLF, each read bounded by what is left of the deadline. */
    private static String statusLine(Socket s, long deadline) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        while (line.length() < MAX_STATUS_LINE) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            s.setSoTimeout(millis(left));
            int c = in.read();
            if (c < 0) {
                if (line.length() == 0) {
                    throw new IOException("connection closed before any answer");
                }
                break;
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** A socket timeout: at least 1 (0 would mean forever). */
    static int millis(long ms) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }
}
