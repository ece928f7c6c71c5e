package org.lcms.model.api;

import java.util.Objects;

/** An administrator account. The password exists only as a salted hash. */
public record Administrator(String login, String displayName, PasswordHash passwordHash, AdminRole role,
                            Revision revision) {
    public Administrator {
        Objects.requireNonNull(login, "login");
        displayName = Objects.requireNonNullElse(displayName, "");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
        revision = Objects.requireNonNullElse(revision, Revision.NEW);
    }

    public Administrator withDisplayName(String value) {
        return new Administrator(login, value, passwordHash, role, revision);
    }

    public Administrator withPasswordHash(PasswordHash value) {
        return new Administrator(login, displayName, value, role, revision);
    }

    public Administrator withRole(AdminRole value) {
        return new Administrator(login, displayName, passwordHash, value, revision);
    }

    public Administrator withRevision(Revision value) {
        return new Administrator(login, displayName, passwordHash, role, value);
    }
}
