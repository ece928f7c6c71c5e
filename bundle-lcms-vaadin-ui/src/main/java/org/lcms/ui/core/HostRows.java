package org.lcms.ui.core;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lcms.model.api.Host;
import org.lcms.model.api.HostRole;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.Role;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.RoleAssignment;

/** Builds, filters and orders the Hosts view's rows; the words match {@code lcms:hosts-status}. */
public final class HostRows {
    /** Shown in the live columns when the SNMP manager (feature lcms-snmp) is not there. */
    public static final String NO_LIVE_STATE = "unknown: no live state (is lcms-snmp running?)";

    /** Column keys the view sorts by (also the grid's column keys). */
    public static final List<String> SORT_KEYS = List.of("name", "address", "potential", "profile", "role",
        "reachable", "rtt", "live-role", "assignment", "problem");

    private HostRows() {
    }

    /** Every host of the model, by name, with its live state when {@code live} is there. */
    public static List<HostRow> of(Inventory model, Optional<ClusterStateSnapshot> live) {
        List<HostRow> rows = new ArrayList<>(model.hosts().size());
        for (Host h : model.hosts()) {
            Optional<HostLiveState> state = live.flatMap(s -> s.host(h.name()));
            String reachable;
            long rtt = -1;
            String liveRole = "";
            String problem = "";
            if (live.isEmpty()) {
                reachable = NO_LIVE_STATE;
            } else if (state.isEmpty()) {
                reachable = "not polled yet";
            } else {
                HostLiveState s = state.get();
                reachable = switch (s.reachability()) {
                    case REACHABLE -> "reachable";
                    case UNREACHABLE -> "unreachable";
                    case UNKNOWN -> "not polled yet";
                };
                rtt = s.lastAnswer() == null ? -1 : s.responseMicros();
                if (s.lastAnswer() != null) {
                    liveRole = s.role().role().code() + " " + s.role().state().code();
                }
                problem = s.lastError();
            }
            Optional<RoleAssignment> assignment = live.flatMap(s -> s.assignment(h.name()));
            if (problem.isEmpty()) {
                problem = assignment.map(RoleAssignment::lastError).orElse("");
            }
            rows.add(new HostRow(h.name(), h.address().toString(), addressKey(h.address()), codes(h),
                h.snmpProfile(), h.weight(), h.description(), role(model.roleOf(h.name())), reachable, rtt, liveRole,
                assignment.map(HostRows::assignment).orElse(live.isEmpty() ? "" : "none"), problem,
                h.revision().number()));
        }
        rows.sort(Comparator.comparing(HostRow::name, String.CASE_INSENSITIVE_ORDER));
        return rows;
    }

    /** "rs of www", "lb of web", "rs of a, b", "none". */
    static String role(HostRole role) {
        if (role.role() == Role.NONE) {
            return "none";
        }
        return role.role().code() + " of " + String.join(", ", role.clusters());
    }

    /** The same words as lcms:hosts-status. */
    static String assignment(RoleAssignment a) {
        return switch (a.status()) {
            case IN_SYNC -> "in sync";
            case APPLYING -> "applying " + a.wanted();
            case FAILED -> "failed (" + a.attempts() + " attempts): " + a.wanted();
            case WAITING_FOR_HOST -> "waiting for host: " + a.wanted();
        };
    }

    private static String codes(Host h) {
        return h.rolePotential().stream().map(Role::code).collect(Collectors.joining(", "));
    }

    /** Sorts addresses numerically, IPv4 before IPv6: "4:" or "6:" and the address bytes in hex. */
    static String addressKey(IpAddress address) {
        return (address.inet() instanceof Inet6Address ? "6:" : "4:")
            + HexFormat.of().formatHex(address.inet().getAddress());
    }

    /**
     * Whether {@code row} matches what the administrator typed in the filter: every word (case-insensitive) must
     * occur in the name, the address, the potential roles or the role the host has (model or live). Blank matches all.
     */
    public static boolean matches(HostRow row, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String hay = (row.name() + " " + row.address() + " " + row.potential() + " " + row.modelRole() + " "
            + row.liveRole()).toLowerCase(Locale.ROOT);
        for (String word : filter.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            if (!hay.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /** The order of a sortable column, ascending; ties broken by name so the order is stable. */
    public static Comparator<HostRow> order(String key) {
        Comparator<HostRow> primary = switch (key) {
            case "name" -> Comparator.comparing(HostRow::name, String.CASE_INSENSITIVE_ORDER);
            case "address" -> Comparator.comparing(HostRow::addressKey);
            case "potential" -> Comparator.comparing(HostRow::potential);
            case "profile" -> Comparator.comparing(HostRow::snmpProfile);
            case "role" -> Comparator.comparing(HostRow::modelRole);
            case "reachable" -> Comparator.comparing(HostRow::reachable);
            // hosts with no answered poll after every measured one
            case "rtt" -> Comparator.comparingLong(r -> r.rttMicros() < 0 ? Long.MAX_VALUE : r.rttMicros());
            case "live-role" -> Comparator.comparing(HostRow::liveRole);
            case "assignment" -> Comparator.comparing(HostRow::assignment);
            case "problem" -> Comparator.comparing(HostRow::problem);
            default -> throw new IllegalArgumentException("no host column '" + key + "'; one of " + SORT_KEYS);
        };
        return primary.thenComparing(HostRow::name, String.CASE_INSENSITIVE_ORDER);
    }
}
