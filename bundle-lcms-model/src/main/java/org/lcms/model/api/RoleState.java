package org.lcms.model.api;

/** The state of a host's role as its node agent last reported it (the actual state, not the wanted one). */
public enum RoleState implements Coded {
    UNKNOWN("unknown", "not reported yet"),
    APPLYING("applying", "the agent is configuring the host for its role"),
    STANDBY("standby", "configured and ready, not serving (e.g. a backup server watching its load balancer)"),
    ACTIVE("active", "serving in its role"),
    FAILED("failed", "the role could not be applied or the host failed in it");

    private final String code;
    private final String meaning;

    RoleState(String code, String meaning) {
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

    public static RoleState parse(String text) {
        return Coded.parse(RoleState.class, "role state", text);
    }
}
