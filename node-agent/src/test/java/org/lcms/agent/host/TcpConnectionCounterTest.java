package org.lcms.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpConnectionCounterTest {
    @TempDir
    Path proc;

    @Test
    void countsOnlyEstablishedConnectionsOfTheLocalPort() throws Exception {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), String.join("\n",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0",
            "   1: 0A00000B:0050 0A000063:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0",
            "   2: 0A00000B:0050 0A000064:C351 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0",
            "   3: 0A00000B:0050 0A000064:C352 06 00000000:00000000 00:00000000 00000000     0        0 0 3 0",
            "   4: 0A00000B:C350 0A000063:0050 01 00000000:00000000 00:00000000 00000000     0        0 4 1 0",
            ""));
        Files.writeString(proc.resolve("net/tcp6"), String.join("\n",
            "  sl  local_address                         remote_address                        st tx_queue",
            "   0: 0000000000000000FFFF00000B00000A:0050 0000000000000000FFFF00006300000A:C353 01 00000000:0",
            ""));
        // two IPv4 + one IPv6 established on :80; the listener, the TIME_WAIT and the outgoing one (remote :80) are not
        assertEquals(3, new TcpConnectionCounter(proc).established(80));
        assertEquals(0, new TcpConnectionCounter(proc).established(443));
    }

    @Test
    void countsRealConnectionsOfTheKernel() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            TcpConnectionCounter counter = TcpConnectionCounter.system();
            assertEquals(0, counter.established(port));
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    sockets.add(new Socket(InetAddress.getLoopbackAddress(), port));
                    sockets.add(server.accept());
                }
                assertEquals(5, counter.established(port), "the server side of 5 loopback connections");
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aPortOutsideTheRangeIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> TcpConnectionCounter.system().established(0));
        assertThrows(IllegalArgumentException.class, () -> TcpConnectionCounter.system().established(65_536));
    }
}
