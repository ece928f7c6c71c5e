package org.lcms.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.10, 192.0.2.10",
        "' 10.0.0.1 ', 10.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
    })
    void parsesIpv4(String text, String canonical) {
        IpAddress a = IpAddress.parse(text);
        assertTrue(a.isIpv4());
        assertEquals(canonical, a.toString());
    }

    /** RFC 5952: lowercase, no leading zeros, longest zero run (>= 2 groups, first on a tie) becomes "::". */
    @ParameterizedTest
    @CsvSource({
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8::, 2001:db8::",
        "::1, ::1",
        "::, ::",
        "fe80:0:0:0:0:0:0:1, fe80::1",
        "2001:db8::192.0.2.1, 2001:db8::c000:201",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    })
    void parsesIpv6AndPrintsItCompressed(String text, String canonical) {
        IpAddress a = IpAddress.parse(text);
        assertFalse(a.isIpv4());
        assertEquals(canonical, a.toString());
        assertEquals(a, IpAddress.parse(canonical), "the canonical form parses back to the same address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "0x7f.0.0.1", "2130706433",
        "1:2:3:4:5:6:7:8:9", "1:::2", ":1", "2001:db8::g", "fe80::1%eth0", "[2001:db8::1]", "", "  ", "abc"})
    void rejectsWhatIsNoLiteral(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e::getMessage);
        assertTrue(e.getMessage().contains("not an IP address"), e::getMessage);
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(null));
    }

    /**
     * "localhost" resolves from /etc/hosts without a network, so any lookup would accept it: refusing it shows
     * that parse does not resolve. The other names would need DNS; a lookup would block or succeed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.org", "lcms-no-such-host.invalid", "cafe", "dead.beef", "face:b00c:zz"})
    void rejectsHostNamesWithoutLookingThemUp(String name) {
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofMillis(500),
            () -> assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(name)));
        assertTrue(e.getMessage().contains("names are not resolved"), e::getMessage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "224.0.0.1", "239.255.255.250", "255.255.255.255", "ff02::1"})
    void unspecifiedMulticastAndBroadcastAreNotAssignable(String text) {
        assertFalse(IpAddress.parse(text).isAssignable());
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "10.255.255.255", "255.255.255.254", "2001:db8::1", "fe80::1"})
    void unicastIsAssignable(String text) {
        assertTrue(IpAddress.parse(text).isAssignable());
    }

    @Test
    void equalityFollowsTheAddressNotTheSpelling() {
        assertEquals(IpAddress.parse("2001:db8::1"), IpAddress.parse("2001:DB8:0:0:0:0:0:0001"));
        assertNotEquals(IpAddress.parse("192.0.2.1"), IpAddress.parse("192.0.2.2"));
    }
}
