package org.lcms.model.internal.embedded;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An append-only, fsync'd log of directory changes. Each record is framed as
 * <pre>#lcms-journal SEQ CRC32HEX LENGTH\n&lt;LENGTH bytes of LDIF change record&gt;\n</pre>
 * so that a record torn by a crash (kill -9 mid-write, power loss) is recognised by its length or checksum and
 * cut off on the next open; a record is acknowledged to the LDAP client only after {@link #append} returned,
 * i.e. after {@code fsync}. Not thread-safe: the caller serializes appends.
 */
final class ChangeJournal implements Closeable {
    private static final String MAGIC = "#lcms-journal ";

    /** A record read back: its sequence number and the LDIF text of one change. */
    record Entry(long sequence, String ldif) {
    }

    /** What {@link #read} found: the intact records and whether a torn tail was cut off. */
    record Contents(List<Entry> entries, long validLength, boolean tornTail) {
    }

    private final Path file;
    private FileChannel channel;

    private ChangeJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Reads the journal at {@code file} (missing = empty), cuts off a torn tail and opens it for appending. */
    static ChangeJournal openForAppend(Path file, long validLength) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.READ);
        if (ch.size() > validLength) {
            ch.truncate(validLength);
            ch.force(true);
        }
        ch.position(validLength);
        return new ChangeJournal(file, ch);
    }

    static Contents read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Contents(entries, 0, false);
        }
        byte[] all = Files.readAllBytes(file);
        int pos = 0;
        while (pos < all.length) {
            int headerEnd = indexOf(all, (byte) '\n', pos);
            if (headerEnd < 0) {
                return new Contents(entries, pos, true);
            }
            String header = new String(all, pos, headerEnd - pos, StandardCharsets.US_ASCII);
            String[] parts = header.startsWith(MAGIC) ? header.substring(MAGIC.length()).split(" ") : new String[0];
            if (parts.length != 3) {
                return new Contents(entries, pos, true);
            }
            long seq;
            long crc;
            int length;
            try {
                seq = Long.parseLong(parts[0]);
                crc = Long.parseLong(parts[1], 16);
                length = Integer.parseInt(parts[2]);
            } catch (NumberFormatException e) {
                return new Contents(entries, pos, true);
            }
            int bodyStart = headerEnd + 1;
            if (length < 0 || bodyStart + length + 1 > all.length || all[bodyStart + length] != '\n') {
                return new Contents(entries, pos, true);
            }
            CRC32 check = new CRC32();
            check.update(all, bodyStart, length);
            if (check.getValue() != crc) {
                return new Contents(entries, pos, true);
            }
            entries.add(new Entry(seq, new String(all, bodyStart, length, StandardCharsets.UTF_8)));
            pos = bodyStart + length + 1;
        }
        return new Contents(entries, pos, false);
    }

    /** Appends one record and forces it to the device before returning. */
    void append(long sequence, String ldif) throws IOException {
        byte[] body = ldif.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        out.write((MAGIC + sequence + " " + Long.toHexString(crc.getValue()) + " " + body.length + "\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.write('\n');
        ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
        long start = channel.position();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            // Leave no half record behind for the next append to follow.
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Empties the journal (after a snapshot made its records redundant). */
    void reset() throws IOException {
        channel.truncate(0);
        channel.position(0);
        channel.force(true);
    }

    long size() throws IOException {
        return channel.size();
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
