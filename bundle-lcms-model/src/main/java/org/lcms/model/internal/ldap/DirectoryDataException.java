package org.lcms.model.internal.ldap;

/** An entry in the directory that LCMS cannot read (edited by hand, or by another tool). */
final class DirectoryDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DirectoryDataException(String message) {
        super(message);
    }
}
