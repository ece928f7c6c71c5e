package org.lcms.model.internal.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeJournalTest {
    @TempDir
    Path tmp;

    private static final String ADD = "dn: ou=x,dc=lcms,dc=local\nchangetype: add\nobjectClass: organizationalUnit\n"
        + "ou: x\n";

    @Test
    void recordsReadBackInOrder() throws IOException {
        Path file = tmp.resolve("journal");
        try (ChangeJournal j = ChangeJournal.openForAppend(file, 0)) {
            j.append(1, ADD);
            j.append(2, "dn: ou=x,dc=lcms,dc=local\nchangetype: delete\n");
        }
        ChangeJournal.Contents c = ChangeJournal.read(file);
        assertFalse(c.tornTail());
        assertEquals(List.of(1L, 2L), c.entries().stream().map(ChangeJournal.Entry::sequence).toList());
        assertEquals(ADD, c.entries().get(0).ldif());
        assertEquals(Files.size(file), c.validLength());
    }

    @Test
    void aRecordTornByACrashIsCutOffAndAppendingContinuesAfterTheLastGoodOne() throws IOException {
        Path file = tmp.resolve("journal");
        try (ChangeJournal j = ChangeJournal.openForAppend(file, 0)) {
            j.append(1, ADD);
        }
        long good = Files.size(file);
        // What a kill in the middle of write() leaves: a header and part of the body.
        Files.writeString(file, "#lcms-journal 2 1234abcd 300\ndn: ou=y,dc=lc", StandardOpenOption.APPEND);
        ChangeJournal.Contents c = ChangeJournal.read(file);
        assertTrue(c.tornTail());
        assertEquals(1, c.entries().size());
        assertEquals(good, c.validLength());
        try (ChangeJournal j = ChangeJournal.openForAppend(file, c.validLength())) {
            j.append(2, ADD);
        }
        ChangeJournal.Contents after = ChangeJournal.read(file);
        assertFalse(after.tornTail());
        assertEquals(List.of(1L, 2L), after.entries().stream().map(ChangeJournal.Entry::sequence).toList());
    }

    @Test
    void aRecordWithABadChecksumEndsTheJournal() throws IOException {
        Path file = tmp.resolve("journal");
        try (ChangeJournal j = ChangeJournal.openForAppend(file, 0)) {
            j.append(1, ADD);
            j.append(2, ADD);
        }
        byte[] bytes = Files.readAllBytes(file);
        int second = new String(bytes, StandardCharsets.UTF_8).lastIndexOf("ou: x");
        bytes[second + 4] = 'y'; // flip one byte of record 2's body
        Files.write(file, bytes);
        ChangeJournal.Contents c = ChangeJournal.read(file);
        assertTrue(c.tornTail());
        assertEquals(List.of(1L), c.entries().stream().map(ChangeJournal.Entry::sequence).toList());
    }

    @Test
    void aMissingRecordInTheMiddleStopsTheStartWithWhatToDo() throws Exception {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir);
        try (ChangeJournal j = ChangeJournal.openForAppend(dir.resolve("journal"), 0)) {
            j.append(1, "dn: dc=lcms,dc=local\nchangetype: add\nobjectClass: dcObject\nobjectClass: organization\n"
                + "dc: lcms\no: lcms\n");
            j.append(3, ADD); // 2 is missing
        }
        IOException e = assertThrows(IOException.class, () -> EmbeddedDirectory.open(new EmbeddedDirectory.Settings(
            dir, "dc=lcms,dc=local", InetAddress.getLoopbackAddress(), 0, 1000)));
        assertTrue(e.getMessage().contains("record 3 follows 1"), e.getMessage());
        assertTrue(e.getMessage().contains("Restore the data directory from a backup"), e.getMessage());
    }

    @Test
    void aSecondProcessCannotOpenTheSameDataDirectory() throws Exception {
        EmbeddedDirectory.Settings s = new EmbeddedDirectory.Settings(tmp.resolve("data"), "dc=lcms,dc=local",
            InetAddress.getLoopbackAddress(), 0, 1000);
        try (EmbeddedDirectory first = EmbeddedDirectory.open(s)) {
            IOException e = assertThrows(IOException.class, () -> EmbeddedDirectory.open(s));
            assertTrue(e.getMessage().contains("is in use by another LCMS"), e.getMessage());
        }
        EmbeddedDirectory.open(s).close(); // released on close
    }
}
