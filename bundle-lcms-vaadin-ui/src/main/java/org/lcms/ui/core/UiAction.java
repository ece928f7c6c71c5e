package org.lcms.ui.core;

/**
 * What an administrator can do in the UI. Every action that changes something is {@code mutating} and needs the
 * admin role; the server checks it ({@link AccessPolicy}) whatever the browser shows or sends.
 */
public enum UiAction {
    VIEW_DASHBOARD("view the dashboard", false, false),
    VIEW_ADMINISTRATORS("view the administrators", false, true),
    SWITCHOVER("switch a cluster's VIP over", true, true),
    DRAIN_REAL_SERVER("drain a real server", true, true),
    ENABLE_REAL_SERVER("enable a real server", true, true),
    CHANGE_HOST("add, change or remove a host", true, true),
    CHANGE_CLUSTER("build, change or dissolve a cluster", true, true),
    CHANGE_ADMINISTRATOR("add or change an administrator", true, true);

    private final String description;
    private final boolean mutating;
    private final boolean adminOnly;

    UiAction(String description, boolean mutating, boolean adminOnly) {
        this.description = description;
        this.mutating = mutating;
        this.adminOnly = adminOnly;
    }

    public String description() {
        return description;
    }

    public boolean mutating() {
        return mutating;
    }

    public boolean adminOnly() {
        return adminOnly;
    }
}
