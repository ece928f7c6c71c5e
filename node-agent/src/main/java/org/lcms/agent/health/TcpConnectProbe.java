package org.lcms.agent.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** healthCheck = tcp: the real server accepts a TCP connection on its address and port within the timeout. */
final class TcpConnectProbe implements HealthProbe {
    @Override
    public ProbeResult probe(Endpoint target, long timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target.address(), target.port()), HttpGetProbe.millis(timeoutMillis));
            return ProbeResult.healthy("connected to " + target);
        } catch (SocketTimeoutException e) {
            return ProbeResult.failed("no answer to a TCP connect to " + target + " within " + timeoutMillis + " ms");
        } catch (IOException e) {
            return ProbeResult.failed("TCP connect to " + target + ": " + e.getMessage());
        }
    }
}
