package dev.wsshowcase.operations;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScrapeAccessTest {

    private static ScrapeAccess access(String allowed, String token) {
        return new ScrapeAccess(ScrapeAccess.Addresses.parse(allowed), token);
    }

    @Test
    void byDefaultOnlyLoopbackMayScrape() {
        ScrapeAccess access = access("", "");
        assertTrue(access.allows("127.0.0.1", null));
        assertTrue(access.allows("127.10.0.3", null));
        assertTrue(access.allows("::1", null));
        assertTrue(access.allows("0:0:0:0:0:0:0:1", null));
        assertFalse(access.allows("192.0.2.7", null));
        assertFalse(access.allows("::2", null));
        assertFalse(access.allows(null, null));
        assertFalse(access.allows("localhost", null), "a name is not an address, and is never looked up");
        assertFalse(access.allows("192.0.2.7", "Bearer "), "no token is accepted when none is set");
    }

    @Test
    void anAllowListOfAddressesAndRangesOpensItToThem() {
        ScrapeAccess access = access("192.0.2.7, 10.0.0.0/8 2001:db8::/32", "");
        assertTrue(access.allows("192.0.2.7", null));
        assertFalse(access.allows("192.0.2.8", null));
        assertTrue(access.allows("10.200.3.4", null));
        assertFalse(access.allows("11.0.0.1", null));
        assertTrue(access.allows("2001:db8:0:0:0:0:0:9", null));
        assertTrue(access.allows("2001:DB8::9", null));
        assertFalse(access.allows("2001:db9::1", null));
    }

    @Test
    void theBearerTokenOpensItToAnyAddress() {
        ScrapeAccess access = access("", "s3cret");
        assertTrue(access.allows("203.0.113.9", "Bearer s3cret"));
        assertTrue(access.allows("203.0.113.9", "bearer s3cret"));
        assertFalse(access.allows("203.0.113.9", "Bearer s3cre"));
        assertFalse(access.allows("203.0.113.9", "Bearer s3cretx"));
        assertFalse(access.allows("203.0.113.9", "Basic s3cret"));
        assertFalse(access.allows("203.0.113.9", null));
    }

    @Test
    void anInvalidEntryIsRefusedWithItsText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScrapeAccess.Addresses.parse("10.0.0.0/8, prometheus.internal"));
        assertTrue(e.getMessage().contains("'prometheus.internal'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScrapeAccess.Addresses.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> ScrapeAccess.Addresses.parse("10.0.0.0/x"));
    }
}
