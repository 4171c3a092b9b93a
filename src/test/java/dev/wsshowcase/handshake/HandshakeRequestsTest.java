package dev.wsshowcase.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsshowcase.handshake.ForwardedHeaders.Family;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HandshakeRequestsTest {

    private static final ForwardedHeaders ONE_HOP = ForwardedHeaders.trusted(Family.X_FORWARDED, 1);
    private static final ForwardedHeaders TWO_HOPS = ForwardedHeaders.trusted(Family.X_FORWARDED, 2);
    private static final ForwardedHeaders RFC_7239 = ForwardedHeaders.trusted(Family.FORWARDED, 1);

    private static HandshakeRequests.Request request(String... headers) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return new HandshakeRequests.Request("http", map, "10.0.0.9");
    }

    @Test
    void theClientAddressIsThePeersUnlessAProxyIsTrusted() {
        HandshakeRequests.Request viaProxy = request("X-Forwarded-For", "203.0.113.7");
        assertEquals("10.0.0.9", viaProxy.clientAddress(ForwardedHeaders.UNTRUSTED));
        assertEquals("203.0.113.7", viaProxy.clientAddress(ONE_HOP));
        assertEquals("10.0.0.9", request().clientAddress(ONE_HOP));
        assertEquals("10.0.0.9", request("X-Forwarded-For", " ").clientAddress(ONE_HOP));
    }

    /** What a client sent before the proxy appended its peer is the client's to choose, and ignored. */
    @Test
    void theAddressIsTheEntryTheTrustedProxyAppended() {
        HandshakeRequests.Request spoofed = request("X-Forwarded-For", "6.6.6.6, 203.0.113.7");
        assertEquals("203.0.113.7", spoofed.clientAddress(ONE_HOP));
        assertEquals("6.6.6.6", spoofed.clientAddress(TWO_HOPS));
        assertEquals("203.0.113.7", request("X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.0.0.1").clientAddress(TWO_HOPS));
    }

    /** Fewer entries than hops: every entry came from a trusted proxy, and the leftmost is the client's. */
    @Test
    void withFewerEntriesThanHopsTheLeftmostCounts() {
        assertEquals("203.0.113.7", request("X-Forwarded-For", "203.0.113.7").clientAddress(TWO_HOPS));
        assertEquals("203.0.113.7", request("X-Forwarded-For", "203.0.113.7, 10.0.0.1").clientAddress(ForwardedHeaders.trusted(Family.X_FORWARDED, 5)));
    }

    @Test
    void portsAreRemovedAndIpv6IsOneSpelling() {
        assertEquals("203.0.113.7", request("X-Forwarded-For", "6.6.6.6, 203.0.113.7:4711").clientAddress(ONE_HOP));
        assertEquals("2001:db8::1", request("X-Forwarded-For", "6.6.6.6, 2001:DB8::1").clientAddress(ONE_HOP));
        assertEquals("2001:db8::1", request("X-Forwarded-For", "6.6.6.6, [2001:db8::1]:4711").clientAddress(ONE_HOP));
        assertEquals("2001:db8::1", request("X-Forwarded-For", "[2001:db8::1]").clientAddress(ONE_HOP));
    }

    @Test
    void forwardedNamesTheClientInTheElementTheTrustedProxyAdded() {
        HandshakeRequests.Request spoofed = request("Forwarded", "for=6.6.6.6;proto=https, for=192.0.2.60:4711;proto=https");
        assertEquals("192.0.2.60", spoofed.clientAddress(RFC_7239));
        assertEquals("6.6.6.6", spoofed.clientAddress(ForwardedHeaders.trusted(Family.FORWARDED, 2)));
        assertEquals("2001:db8::1", request("Forwarded", "for=unknown, for=\"[2001:db8::1]:4711\"").clientAddress(RFC_7239));
        assertEquals("2001:db8::2", request("Forwarded", "proto=https; for=\"[2001:db8::2]\"").clientAddress(RFC_7239));
        assertEquals("_hidden", request("Forwarded", "for=_hidden").clientAddress(RFC_7239));
        assertEquals("10.0.0.9", request("Forwarded", "for=6.6.6.6, proto=https").clientAddress(RFC_7239), "the proxy's element has no for=");
    }

    /** A client's quotes or commas cannot move the elements the proxy wrote. */
    @Test
    void aClientsQuotesCannotHideTheProxysElement() {
        assertEquals("192.0.2.60", request("Forwarded", "for=\"6.6.6.6, for=192.0.2.60").clientAddress(RFC_7239));
        assertEquals("192.0.2.60", request("Forwarded", "for=\"a,b\", for=192.0.2.60").clientAddress(RFC_7239));
    }

    /** Only the family the proxy writes counts: the other is passed on as the client sent it. */
    @Test
    void theOtherFamilyIsTheClientsOwn() {
        HandshakeRequests.Request both = request("X-Forwarded-For", "203.0.113.7", "Forwarded", "for=6.6.6.6");
        assertEquals("203.0.113.7", both.clientAddress(ONE_HOP));
        assertEquals("6.6.6.6", both.clientAddress(RFC_7239));
        assertEquals("10.0.0.9", request("Forwarded", "for=6.6.6.6").clientAddress(ONE_HOP));
        assertEquals("10.0.0.9", request("X-Forwarded-For", "6.6.6.6").clientAddress(RFC_7239));
    }
}
