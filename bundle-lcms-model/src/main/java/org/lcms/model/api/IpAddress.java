package org.lcms.model.api;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address given as a literal. Parsing never consults DNS: a name where an address is expected
 * is an error, not a lookup (a lookup could block a shell command or a UI request for seconds).
 */
public record IpAddress(InetAddress inet) {
    private static final Pattern IPV4 =
        Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    public IpAddress {
        Objects.requireNonNull(inet);
    }

    /**
     * @throws IllegalArgumentException if {@code text} is not an IPv4 or IPv6 literal
     */
    public static IpAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        boolean v4 = IPV4.matcher(t).matches();
        boolean v6 = !v4 && t.contains(":") && IPV6_CHARS.matcher(t).matches();
        if (v4 || v6) {
            try {
                // A literal: InetAddress parses it without any lookup.
                InetAddress parsed = InetAddress.getByName(t);
                if (v4 == (parsed instanceof Inet4Address)) {
                    return new IpAddress(parsed);
                }
                // Java turns ::ffff:a.b.c.d into an IPv4 address; say so instead of "not an address".
                throw new IllegalArgumentException("'" + text + "' is an IPv4-mapped IPv6 address; write the IPv4 "
                    + "address " + parsed.getHostAddress() + " itself");
            } catch (UnknownHostException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an IP address; write an IPv4 address such as "
            + "192.0.2.10 or an IPv6 address such as 2001:db8::10 (names are not resolved)");
    }

    public boolean isIpv4() {
        return inet instanceof Inet4Address;
    }

    /** Whether a host can own this address: not unspecified, multicast or the IPv4 broadcast address. */
    public boolean isAssignable() {
        return !inet.isAnyLocalAddress() && !inet.isMulticastAddress()
            && !(isIpv4() && toString().equals("255.255.255.255"));
    }

    /** Canonical text: dotted quad, or RFC 5952 compressed IPv6. */
    @Override
    public String toString() {
        if (inet instanceof Inet6Address) {
            return compress(inet.getAddress());
        }
        return inet.getHostAddress();
    }

    private static String compress(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // RFC 5952: the longest run (>= 2) of zero groups becomes "::", the first one on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
