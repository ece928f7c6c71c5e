package org.lcms.model.internal.ldap;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The LCMS LDAP schema. Its one source is {@code lcms-schema.ldif} in OpenLDAP cn=config form (what an
 * operator loads into slapd); UnboundID does not read {@code olc*} attributes, so for the embedded directory
 * the same definitions are converted into a subschema subentry here, at run time, never kept twice.
 */
public final class LcmsSchema {
    public static final String RESOURCE = "/org/lcms/model/lcms-schema.ldif";

    private LcmsSchema() {
    }

    /** The cn=config LDIF text, as shipped in the bundle. */
    public static String configLdif() {
        try (InputStream in = LcmsSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + RESOURCE + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The LCMS definitions as an UnboundID schema (without the standard schema). */
    public static Schema unboundIdSchema() {
        Entry config = readConfigEntry(configLdif());
        List<String> lines = new ArrayList<>();
        lines.add("dn: cn=schema");
        lines.add("objectClass: top");
        lines.add("objectClass: ldapSubentry");
        lines.add("objectClass: subschema");
        lines.add("cn: schema");
        for (String v : config.getAttributeValues("olcAttributeTypes")) {
            lines.add("attributeTypes: " + stripOrder(v));
        }
        for (String v : config.getAttributeValues("olcObjectClasses")) {
            lines.add("objectClasses: " + stripOrder(v));
        }
        try {
            return new Schema(new Entry(lines.toArray(new String[0])));
        } catch (LDIFException e) {
            throw new IllegalStateException(RESOURCE + " could not be converted: " + e.getMessage(), e);
        }
    }

    /** Standard schema plus LCMS, as the embedded directory uses it. */
    public static Schema standardPlusLcms() {
        try {
            return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), unboundIdSchema());
        } catch (LDAPException e) {
            throw new IllegalStateException("the standard LDAP schema could not be loaded: " + e.getMessage(), e);
        }
    }

    private static Entry readConfigEntry(String ldif) {
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif.getBytes(StandardCharsets.UTF_8)))) {
            Entry e = reader.readEntry();
            if (e == null || !e.hasAttribute("olcAttributeTypes")) {
                throw new IllegalStateException(RESOURCE + " holds no olcAttributeTypes");
            }
            return e;
        } catch (IOException | LDIFException e) {
            throw new IllegalStateException(RESOURCE + " is not valid LDIF: " + e.getMessage(), e);
        }
    }

    /** slapd prefixes values with {N} once loaded; a copy exported from slapd must convert too. */
    private static String stripOrder(String value) {
        return value.replaceFirst("^\\{\\d+}", "");
    }
}
