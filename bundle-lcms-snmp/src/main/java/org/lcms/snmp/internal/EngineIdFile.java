package org.lcms.snmp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;
import org.snmp4j.mp.MPv3;

/**
 * The manager's SNMP engine ID, kept in its state directory: agents that send informs learn it once, and a new
 * one at every start would break them (snmp4j senders keep the engine ID they discovered).
 */
final class EngineIdFile {
    static final String NAME = "snmp-engine-id";

    private EngineIdFile() {
    }

    static byte[] load(Optional<Path> directory) throws IOException {
        if (directory.isEmpty()) {
            return MPv3.createLocalEngineID();
        }
        Path file = directory.get().resolve(NAME);
        if (Files.exists(file)) {
            String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                byte[] id = HexFormat.of().parseHex(hex);
                if (id.length >= 5 && id.length <= 32) {
                    return id;
                }
            } catch (IllegalArgumentException e) {
                // falls through
            }
            throw new IOException(file + " does not hold an SNMP engine ID (5..32 octets in hex): '" + hex
                + "'; delete it and the manager makes a new one (agents sending informs must then rediscover it)");
        }
        byte[] id = MPv3.createLocalEngineID();
        Files.createDirectories(directory.get());
        Path tmp = directory.get().resolve(NAME + ".tmp");
        Files.writeString(tmp, HexFormat.of().formatHex(id) + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return id;
    }
}
