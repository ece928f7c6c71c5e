package org.lcms.ui.core;

/** The steps of the cluster builder, in order. */
public enum BuildStep {
    SERVICE("Service"),
    SCHEDULER("Scheduler"),
    LOAD_BALANCER("Load balancer"),
    BACKUPS("Backup servers"),
    REAL_SERVERS("Real servers"),
    HEALTH_CHECK("Health check"),
    REVIEW("Review");

    private final String title;

    BuildStep(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** 1-based, for "Step 3 of 7". */
    public int number() {
        return ordinal() + 1;
    }

    public boolean hasNext() {
        return this != REVIEW;
    }

    public BuildStep next() {
        return values()[Math.min(ordinal() + 1, values().length - 1)];
    }

    public BuildStep previous() {
        return values()[Math.max(ordinal() - 1, 0)];
    }
}
