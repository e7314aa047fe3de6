package io.latchkey.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void addressesAndNetworksInCidrNotation() {
        TrustedProxies trusted = TrustedProxies.of(List.of("192.0.2.7", "10.42.0.0/16", "fd00::/8", " 172.16.0.0/12 "));
        assertTrue(trusted.trusts("192.0.2.7"));
        assertFalse(trusted.trusts("192.0.2.8"));
        assertTrue(trusted.trusts("10.42.255.1"));
        assertFalse(trusted.trusts("10.43.0.1"));
        assertTrue(trusted.trusts("172.31.255.255"));
        assertFalse(trusted.trusts("172.32.0.0"));
        assertTrue(trusted.trusts("fd12:3456::1"));
        assertFalse(trusted.trusts("fe80::1"));
        assertFalse(trusted.trusts("2001:db8::a2a:1"), "an IPv6 address is in no IPv4 network");
    }

    @Test
    void nobodyByDefault() {
        assertFalse(TrustedProxies.of(List.of()).trusts("127.0.0.1"));
    }

    @Test
    void hostNamesAndBadPrefixesAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("lb.example.com")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/x")));
        assertFalse(TrustedProxies.of(List.of("10.0.0.0/8")).trusts("not-an-address"));
    }
}
