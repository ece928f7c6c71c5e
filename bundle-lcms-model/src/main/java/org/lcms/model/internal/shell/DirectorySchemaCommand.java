package org.lcms.model.internal.shell;

import java.io.InputStream;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lcms", name = "directory-schema", description = "Prints the LCMS LDAP schema (cn=config LDIF) "
    + "for loading into an external OpenLDAP: lcms:directory-schema > lcms-schema.ldif")
@Service
public final class DirectorySchemaCommand extends LcmsCommand {
    static final String RESOURCE = "/org/lcms/model/lcms-schema.ldif";

    @Override
    void run() throws Exception {
        // Needs no directory: the schema is what an external directory must have before LCMS can use it.
        try (InputStream in = DirectorySchemaCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the LCMS model bundle has no " + RESOURCE + "; it was built "
                    + "without its resources: rebuild and reinstall bundle-lcms-model");
            }
            PrintStream out = out();
            in.transferTo(out);
            out.flush();
        }
    }
}
