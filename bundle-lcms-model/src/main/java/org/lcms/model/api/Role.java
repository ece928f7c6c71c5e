package org.lcms.model.api;

/** What a host does in a load cluster. A host has exactly one role at a time. */
public enum Role implements Coded {
    NONE("none", "no role"),
    LOAD_BALANCER("lb", "load balancer: owns the VIP and dispatches connections"),
    BACKUP_SERVER("bs", "backup server: watches the load balancer and takes over when it fails"),
    REAL_SERVER("rs", "real server: holds the VIP on loopback and serves the clients");

    private final String code;
    private final String meaning;

    Role(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    @Override
    public String code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public static Role parse(String text) {
        return Coded.parse(Role.class, "role", text);
    }
}
