package org.lcms.model.api;

/**
 * Where the model lives, for status displays.
 *
 * @param mode {@code embedded} or {@code external}
 * @param location the LDAP URL, and for the embedded directory its data directory
 */
public record DirectoryInfo(String mode, String location, String baseDn, long modelRevision) {
}
