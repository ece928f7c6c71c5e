package org.lcms.model.api;

/** Scheduling algorithms of a virtual service; codes are those of {@code ipvsadm -s}. */
public enum Scheduler implements Coded {
    RR("rr", "round robin"),
    WRR("wrr", "weighted round robin"),
    LC("lc", "least connection"),
    WLC("wlc", "weighted least connection"),
    SH("sh", "source hashing (a client sticks to one real server)");

    private final String code;
    private final String meaning;

    Scheduler(String code, String meaning) {
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

    public static Scheduler parse(String text) {
        return Coded.parse(Scheduler.class, "scheduler", text);
    }
}
