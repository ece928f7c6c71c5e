package org.lcms.agent.snmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The node agent's version, as the build wrote it into {@code agent-version.properties} from the root pom. */
public final class AgentVersion {
    public static final String VERSION = load();

    private AgentVersion() {
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = AgentVersion.class.getResourceAsStream("/org/lcms/agent/agent-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("org/lcms/agent/agent-version.properties is missing from the "
                    + "node agent's classes; rebuild it with Maven (it is written from the root pom)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = p.getProperty("version", "${");
        if (version.contains("${")) {
            throw new IllegalStateException("agent-version.properties was not filtered: " + p);
        }
        return version;
    }
}
