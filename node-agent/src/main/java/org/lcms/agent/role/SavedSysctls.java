package org.lcms.agent.role;

import java.util.Map;

/** Sysctl values as they were before LCMS changed them, so leaving a role restores the operator's settings. */
public record SavedSysctls(Map<String, String> values) {
    public static final SavedSysctls NONE = new SavedSysctls(Map.of());

    public SavedSysctls {
        values = Map.copyOf(values);
    }

    public String valueOr(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }
}
