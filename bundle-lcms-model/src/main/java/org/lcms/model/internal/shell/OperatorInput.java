package org.lcms.model.internal.shell;

import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.Role;

/**
 * Parses what an operator types into arguments and options. Every error names the option (or argument) and
 * the value, and says what to write instead. Ranges are left to the model rules, which also name the object.
 */
final class OperatorInput {

    /** A {@code --rs HOST[:WEIGHT]} value; without a weight the host's default weight applies. */
    record RealServerSpec(String host, OptionalInt weight) {
    }

    private OperatorInput() {
    }

    static int weight(String what, String text) {
        return parseInt(text, what + " '" + text + "' is not a weight; give a whole number 0..65535 "
            + "(0 = no new connections)");
    }

    static int port(String what, String text) {
        return parseInt(text, what + " '" + text + "' is not a port number; give a whole number 1..65535");
    }

    static long memoryMiB(String what, String text) {
        return parseLong(text, what + " '" + text + "' is not a memory size; give it in MiB as a whole number, "
            + "e.g. 16384 (0 = not known)");
    }

    static long revision(String text) {
        long value = parseLong(text, "--revision '" + text + "' is not a revision number; give the Revision "
            + "that lcms:host-show, lcms:cluster-show or lcms:admin-list printed");
        if (value < 0) {
            throw new IllegalArgumentException("--revision " + value + " is negative; give the Revision that "
                + "lcms:host-show, lcms:cluster-show or lcms:admin-list printed");
        }
        return value;
    }

    static int rank(String text) {
        int value = parseInt(text, "--rank '" + text + "' is not a backup rank; give 1 for the primary backup, "
            + "2 for the next one, and so on");
        if (value < 1) {
            throw new IllegalArgumentException("--rank " + value + " is not a backup rank; 1 is the primary "
                + "backup, 2 the next one, and so on");
        }
        return value;
    }

    static int limit(String text) {
        int value = parseInt(text, "--limit '" + text + "' is not a number of records; give a whole number 1.."
            + HistoryQuery.MAX_LIMIT + ", e.g. 50");
        if (value < 1 || value > HistoryQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("--limit " + value + " is outside 1.." + HistoryQuery.MAX_LIMIT
                + "; give a number of records in that range, e.g. 50");
        }
        return value;
    }

    static IpAddress address(String what, String text) {
        return named(what, IpAddress::parse, text);
    }

    /**
     * Parses {@code text} with one of the {@code Coded.parse} functions (Scheduler::parse...), putting the option
     * name in front of its message.
     */
    static <T> T named(String what, Function<String, T> parse, String text) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /** {@code lb,bs,rs} in any order and case; {@code none} is no role a host can take. */
    static Set<Role> rolePotential(String text) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : (text == null ? "" : text).split(",")) {
            String code = part.trim().toLowerCase(Locale.ROOT);
            if (code.isEmpty()) {
                continue;
            }
            Role role = null;
            try {
                role = Role.parse(code);
            } catch (IllegalArgumentException e) {
                // reported below with the valid codes
            }
            if (role == null || role == Role.NONE) {
                throw new IllegalArgumentException("--potential '" + text + "': '" + part.trim()
                    + "' is not a role a host can take; list one or more of lb, bs, rs separated by commas, e.g. bs,rs");
            }
            roles.add(role);
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("--potential '" + text + "' names no role; list one or more of "
                + "lb, bs, rs separated by commas, e.g. bs,rs");
        }
        return roles;
    }

    /** {@code web-1} or {@code web-1:10}. */
    static RealServerSpec realServer(String text) {
        String t = text == null ? "" : text.trim();
        String usage = "; write HOST or HOST:WEIGHT with a weight 0..65535, e.g. web-1 or web-1:10";
        int colon = t.indexOf(':');
        if (colon < 0) {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("--rs '" + text + "' names no host" + usage);
            }
            return new RealServerSpec(t, OptionalInt.empty());
        }
        String host = t.substring(0, colon).trim();
        String weight = t.substring(colon + 1).trim();
        if (host.isEmpty() || weight.isEmpty() || weight.contains(":")) {
            throw new IllegalArgumentException("--rs '" + text + "' is not a real server" + usage);
        }
        int value = parseInt(weight, "--rs '" + text + "': '" + weight + "' is not a weight" + usage);
        return new RealServerSpec(host, OptionalInt.of(value));
    }

    private static int parseInt(String text, String message) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(message, e);
        }
    }

    private static long parseLong(String text, String message) {
        try {
            return Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(message, e);
        }
    }
}
