package org.lcms.model.api;

/** What an administrator may do: an admin changes everything, a viewer only reads. */
public enum AdminRole implements Coded {
    ADMIN("admin"),
    VIEWER("viewer");

    private final String code;

    AdminRole(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    public static AdminRole parse(String text) {
        return Coded.parse(AdminRole.class, "administrator role", text);
    }
}
