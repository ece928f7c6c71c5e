package org.lcms.model.internal.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class DirectoryCommandsTest {
    private final ShellFixture shell = new ShellFixture();

    @Test
    void statusShowsWhereWhatAndConsistency() throws Exception {
        shell.webCluster();
        String out = shell.run(new DirectoryStatusCommand());
        assertTrue(out.contains("in-memory"), out);
        assertTrue(out.contains("dc=lcms,dc=test"), out);
        assertTrue(out.matches("(?s).*Hosts\\s+\\S?\\s*5\\s.*"), out);
        assertTrue(out.matches("(?s).*Clusters\\s+\\S?\\s*1\\s.*"), out);
        assertTrue(out.matches("(?s).*Model revision\\s+\\S?\\s*6\\s.*"), out);
        assertTrue(out.contains("consistent"), out);
    }

    @Test
    void schemaIsTheFilteredLdif() throws Exception {
        String out = shell.run(new DirectorySchemaCommand());
        assertTrue(out.contains("dn: cn=lcms,cn=schema,cn=config"), out);
        assertTrue(out.contains("NAME 'lcmsRevision'"), out);
        assertFalse(out.contains("${lcms.oid.root}"), "OIDs filtered at build time");
    }

    @Test
    void schemaNeedsNoDirectory() throws Exception {
        DirectorySchemaCommand c = new DirectorySchemaCommand();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        c.out = new PrintStream(bytes);
        c.execute();
        assertTrue(bytes.size() > 0);
    }
}
