package org.lcms.agent.health;

/** One probe of one real server: healthy or not, and what was seen (it ends up in the log and the notification). */
public record ProbeResult(boolean healthy, String detail) {
    public static ProbeResult healthy(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult failed(String detail) {
        return new ProbeResult(false, detail);
    }
}
