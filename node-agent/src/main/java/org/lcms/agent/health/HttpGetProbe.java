package org.lcms.agent.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.lcms.agent.config.AgentConfig;

/**
 * healthCheck = http: {@code GET path} from the real server's own address answers with the expected status within
 * the timeout (connect, TLS handshake, request and status line together). A plain HTTP/1.1 socket with
 * {@code Connection: close} rather than java.net.http: every check opens a new connection (a pooled one would not
 * show that the server still accepts), the whole exchange is bounded by one deadline, and no client threads
 * linger. Only the status line is read.
 *
 * <p>healthCheck = https: the same over the JDK's TLS ({@link SSLSocket} layered on the connected socket, the
 * handshake bounded by the deadline too). By default any certificate is accepted, as keepalived's SSL_GET does:
 * the check is about the service, and an expired certificate must not take every server out at once. With
 * {@code healthCheck.tls.verify = true} the chain is checked against the JDK's trust store and the certificate's
 * name against {@code healthCheck.tls.serverName} (or the real server's address when none is given), as a browser
 * would. A server name is also sent as SNI and as the Host header.
 */
final class HttpGetProbe implements HealthProbe {
    private static final int MAX_STATUS_LINE = 1024;

    private final String path;
    private final int expectStatus;
    /** Null for plain HTTP. */
    private final SSLSocketFactory tls;
    private final boolean verify;
    private final String serverName;

    HttpGetProbe(String path, int expectStatus) {
        this(path, expectStatus, null, false, "");
    }

    /**
     * @param tls the TLS client (null: plain HTTP)
     * @param verify check the server's name (the chain is checked by {@code tls}'s trust managers)
     * @param serverName SNI, Host and the name checked; empty: the real server's address
     */
    HttpGetProbe(String path, int expectStatus, SSLSocketFactory tls, boolean verify, String serverName) {
        this.path = path;
        this.expectStatus = expectStatus;
        this.tls = tls;
        this.verify = verify;
        this.serverName = serverName;
    }

    /** healthCheck = https with the configured TLS settings. */
    static HttpGetProbe https(String path, int expectStatus, AgentConfig.Tls settings) {
        SSLSocketFactory factory;
        try {
            if (settings.verify()) {
                factory = SSLContext.getDefault().getSocketFactory(); // the JDK's trust store (or javax.net.ssl.*)
            } else {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new AnyCertificate()}, null);
                factory = context.getSocketFactory();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK offers no TLS client: " + e.getMessage(), e);
        }
        return new HttpGetProbe(path, expectStatus, factory, settings.verify(), settings.serverName());
    }

    @Override
    public ProbeResult probe(Endpoint target, long timeoutMillis) {
        String host = serverName.isEmpty() ? target.toString() : serverName + ":" + target.port();
        String url = (tls == null ? "http://" : "https://") + target + path;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(target.address(), target.port()), millis(timeoutMillis));
            Socket s = tls == null ? plain : handshake(plain, target, deadline);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: lcms-agent health check\r\n"
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
        } catch (SSLException e) {
            return ProbeResult.failed("GET " + url + ": TLS: " + e.getMessage()
                + (verify ? " (healthCheck.tls.verify = true)" : ""));
        } catch (IOException e) {
            return ProbeResult.failed("GET " + url + ": " + e.getMessage());
        }
    }

    /** TLS over the connected socket; the handshake bounded by what is left of the deadline. */
    private SSLSocket handshake(Socket plain, Endpoint target, long deadline) throws IOException {
        String peer = serverName.isEmpty() ? target.address().getHostAddress() : serverName;
        SSLSocket s = (SSLSocket) tls.createSocket(plain, peer, target.port(), true);
        SSLParameters params = s.getSSLParameters();
        if (!serverName.isEmpty()) {
            params.setServerNames(List.of(new SNIHostName(serverName)));
        }
        if (verify) {
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name `peer`
        }
        s.setSSLParameters(params);
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException();
        }
        s.setSoTimeout(millis(left));
        s.startHandshake();
        return s;
    }

    /**
     * Accepts every certificate (healthCheck.tls.verify = false): the check asks whether the service answers,
     * not whether its certificate is valid. The connection is still encrypted; nothing secret is sent over it.
     */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
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
