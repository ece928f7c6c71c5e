package org.lcms.model.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration PID {@code org.lcms.directory} (file {@code etc/org.lcms.directory.cfg}). */
@ObjectClassDefinition(name = "LCMS directory",
    description = "Where LCMS keeps its hosts, load clusters, administrators and change history.")
public @interface DirectoryConfiguration {

    @AttributeDefinition(name = "Mode", description = "embedded: an LDAP directory inside Karaf, kept on disk "
        + "under the data directory (the default, nothing to install). external: an LDAP server such as OpenLDAP "
        + "with the LCMS schema loaded, reached at external.url.",
        options = {@Option(label = "embedded", value = "embedded"), @Option(label = "external", value = "external")})
    String mode() default "embedded";

    @AttributeDefinition(name = "Base DN", description = "Entry under which LCMS keeps its tree (ou=hosts, "
        + "ou=clusters, ou=administrators, ou=history). Created if missing when it starts with dc=, o= or ou=.")
    String baseDn() default "dc=lcms,dc=local";

    @AttributeDefinition(name = "Embedded: data directory", required = false, description = "Where the embedded "
        + "directory keeps its snapshot and journal. Empty = ${karaf.data}/lcms/directory.")
    String embedded_dataDirectory() default "";

    @AttributeDefinition(name = "Embedded: listen address", description = "Address the embedded LDAP server "
        + "listens on. Keep it on loopback: only LCMS itself connects, with a password made at every start.")
    String embedded_listenAddress() default "127.0.0.1";

    @AttributeDefinition(name = "Embedded: port", description = "TCP port of the embedded LDAP server, "
        + "0 = any free port (the default).")
    int embedded_port() default 0;

    @AttributeDefinition(name = "Embedded: snapshot every", description = "Number of changes after which the "
        + "whole directory is written to a new snapshot and the journal is emptied (1..1000000).")
    int embedded_snapshotEvery() default 1000;

    @AttributeDefinition(name = "External: URL", required = false, description = "LDAP URL of the external "
        + "directory, e.g. ldap://ldap.example.org:389 or ldaps://ldap.example.org:636.")
    String external_url() default "";

    @AttributeDefinition(name = "External: bind DN", required = false, description = "DN LCMS binds as; it must "
        + "be allowed to read and write the base DN subtree.")
    String external_bindDn() default "";

    @AttributeDefinition(name = "External: bind password", required = false, type = AttributeType.PASSWORD,
        description = "Password of the bind DN.")
    String external_bindPassword() default "";

    @AttributeDefinition(name = "External: TLS", description = "none: plain LDAP (only on a trusted network); "
        + "starttls: upgrade ldap:// with StartTLS; ldaps: TLS from the start (implied by an ldaps:// URL). "
        + "The server certificate and host name are always checked when TLS is on.",
        options = {@Option(label = "none", value = "none"), @Option(label = "starttls", value = "starttls"),
            @Option(label = "ldaps", value = "ldaps")})
    String external_tls() default "none";

    @AttributeDefinition(name = "External: trust store", required = false, description = "JKS or PKCS12 file "
        + "with the certificate authorities to trust for TLS. Empty = the JVM's default trust store.")
    String external_trustStore() default "";

    @AttributeDefinition(name = "External: trust store password", required = false,
        type = AttributeType.PASSWORD, description = "Password of the trust store, if it has one.")
    String external_trustStorePassword() default "";

    @AttributeDefinition(name = "External: connections", description = "Size of the LDAP connection pool (1..64).")
    int external_poolSize() default 4;

    @AttributeDefinition(name = "External: timeout", description = "Connect and response timeout in seconds "
        + "(1..300).")
    int external_timeoutSeconds() default 10;

    @AttributeDefinition(name = "Initial administrator", description = "Login of the administrator created, "
        + "with a generated password written once to the log, when the directory has no administrator.")
    String initialAdmin_login() default "admin";
}
