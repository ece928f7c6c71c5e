package org.lcms.ui.core;

import java.time.Instant;

/**
 * One line of the Events view: a change or event recorded in the directory's history, or a live event of the
 * SNMP manager that is not in the history yet.
 *
 * @param key unique and stable: "h" and the history number, or "l" and the live event's sequence
 * @param actor who did it: an administrator's login, a component, or the agent that sent the notification
 * @param type what happened: the history's action (add, update, lcmsAgentUnreachable ...) or the notification
 * @param severity normal, warning, minor, major or critical (a change is normal)
 * @param object the object's kind and name, "host web-1"
 * @param live true for an event of the SNMP manager that is not (yet) in the history
 */
public record EventRow(String key, Instant time, String actor, String type, String severity, String object,
                       String detail, boolean live) {
}
