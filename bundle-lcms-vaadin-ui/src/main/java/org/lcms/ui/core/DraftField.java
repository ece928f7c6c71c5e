package org.lcms.ui.core;

/** A field of the cluster builder a message can stand next to, and the step that shows it. */
public enum DraftField {
    ID("id", BuildStep.SERVICE),
    VIP("vip", BuildStep.SERVICE),
    PORT("port", BuildStep.SERVICE),
    PROTOCOL("protocol", BuildStep.SERVICE),
    SCHEDULER("scheduler", BuildStep.SCHEDULER),
    LOAD_BALANCER("lb", BuildStep.LOAD_BALANCER),
    BACKUPS("bs", BuildStep.BACKUPS),
    REAL_SERVERS("rs", BuildStep.REAL_SERVERS),
    HEALTH_CHECK("health", BuildStep.HEALTH_CHECK),
    /** Not about one field (the directory cannot be reached, a rule about the whole cluster): shown at the top. */
    GENERAL("general", BuildStep.REVIEW);

    private final String code;
    private final BuildStep step;

    DraftField(String code, BuildStep step) {
        this.code = code;
        this.step = step;
    }

    /** Short name for element ids ({@code builder-vip-error}). */
    public String code() {
        return code;
    }

    public BuildStep step() {
        return step;
    }
}
