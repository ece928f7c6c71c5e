package org.lcms.ui.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lcms.model.api.ChangeRecord;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Severity;

/**
 * The Events view's rows: the directory's history (every change and every recorded event, for good) and the SNMP
 * manager's live events, newest first. The manager writes each live event to the history a moment later (as the
 * notification's name with "severity: message" as detail); until then it shows as a live row, afterwards only the
 * history's record shows, so an event is never listed twice.
 */
public final class EventRows {
    /** How long after a live event its history record may be written and still be taken for the same event. */
    static final Duration RECORDING_DELAY = Duration.ofMinutes(2);
    public static final List<String> SEVERITIES = List.of("normal", "warning", "minor", "major", "critical");

    private EventRows() {
    }

    /** Orders newest first; equal times by the history number or live sequence, higher first. */
    public static final Comparator<EventRow> NEWEST_FIRST = Comparator.comparing(EventRow::time).reversed()
        .thenComparing(Comparator.comparingLong(EventRows::number).reversed());

    public static List<EventRow> merge(List<ChangeRecord> history, List<LcmsEvent> live) {
        List<EventRow> rows = new ArrayList<>(history.size() + live.size());
        // history records that may be the recorded copy of a live event, by (type, object, detail)
        Map<String, List<ChangeRecord>> recorded = new HashMap<>();
        for (ChangeRecord r : history) {
            rows.add(new EventRow("h" + r.number(), r.at(), r.actor(), r.action(), severityOf(r.detail()),
                r.kind().code() + " " + r.objectName(), r.detail(), false));
            recorded.computeIfAbsent(r.action() + "\n" + r.objectName() + "\n" + r.detail(), k -> new ArrayList<>())
                .add(r);
        }
        for (LcmsEvent e : live) {
            String severity = e.severity().name().toLowerCase(Locale.ROOT);
            String detail = severity + ": " + e.message();
            String name = !e.host().isBlank() ? e.host() : !e.clusterId().isBlank() ? e.clusterId() : "unknown-sender";
            List<ChangeRecord> same = recorded.getOrDefault(e.type().notification() + "\n" + name + "\n" + detail,
                List.of());
            Optional<ChangeRecord> copy = same.stream().filter(r -> !r.at().isBefore(e.time().minusSeconds(1))
                && r.at().isBefore(e.time().plus(RECORDING_DELAY))).findFirst();
            if (copy.isPresent()) {
                same.remove(copy.get()); // one record stands for one event
                continue;
            }
            String kind = !e.host().isBlank() || e.clusterId().isBlank() ? "host" : "cluster";
            rows.add(new EventRow("l" + e.sequence(), e.time(), e.fromAgent() ? "agent " + e.host() : "lcms-snmp",
                e.type().notification(), severity, kind + " " + name, detail, true));
        }
        rows.sort(NEWEST_FIRST);
        return rows;
    }

    /** "major: agent ..." is major; a change (no severity first) is normal. */
    static String severityOf(String detail) {
        int colon = detail.indexOf(':');
        if (colon > 0) {
            String first = detail.substring(0, colon).toLowerCase(Locale.ROOT);
            if (SEVERITIES.contains(first)) {
                return first;
            }
        }
        return "normal";
    }

    private static long number(EventRow r) {
        try {
            return Long.parseLong(r.key().substring(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * What the administrator filters by; blank or empty parts match everything.
     *
     * @param object part of the object's name ("web" matches host web-1)
     * @param type the exact type, e.g. add or lcmsAgentUnreachable
     * @param minimumSeverity this severity or worse
     * @param text words that must all occur somewhere in the row (actor, type, object, detail)
     */
    public record Filter(String object, String type, String minimumSeverity, String text) {
        public static final Filter NONE = new Filter("", "", "", "");

        public boolean matches(EventRow r) {
            if (!blank(object) && !r.object().toLowerCase(Locale.ROOT).contains(object.trim().toLowerCase(Locale.ROOT))) {
                return false;
            }
            if (!blank(type) && !r.type().equalsIgnoreCase(type.trim())) {
                return false;
            }
            if (!blank(minimumSeverity)
                && SEVERITIES.indexOf(r.severity()) < SEVERITIES.indexOf(minimumSeverity.trim().toLowerCase(Locale.ROOT))) {
                return false;
            }
            if (!blank(text)) {
                String hay = (r.actor() + " " + r.type() + " " + r.object() + " " + r.detail()).toLowerCase(Locale.ROOT);
                for (String word : text.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
                    if (!hay.contains(word)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }

    /** The severity names an administrator picks from. */
    public static List<String> severities() {
        return java.util.Arrays.stream(Severity.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList();
    }
}
