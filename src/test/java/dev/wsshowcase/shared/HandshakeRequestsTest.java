package dev.wsshowcase.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HandshakeRequestsTest {

    private static HandshakeRequests.Request request(String... headers) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return new HandshakeRequests.Request("http", map, "10.0.0.9");
    }

    @Test
    void theClientAddressIsThePeersUnlessAProxyIsTrusted() {
        HandshakeRequests.Request viaProxy = request("X-Forwarded-For", "203.0.113.7, 10.0.0.1");
        assertEquals("10.0.0.9", viaProxy.clientAddress(false));
        assertEquals("203.0.113.7", viaProxy.clientAddress(true));
        assertEquals("10.0.0.9", request().clientAddress(true));
    }

    @Test
    void forwardedForNamesTheClientWithoutItsPort() {
        assertEquals("192.0.2.60", request("Forwarded", "for=192.0.2.60:4711;proto=https, for=10.0.0.1").clientAddress(true));
        assertEquals("2001:db8::1", request("Forwarded", "for=\"[2001:db8::1]:4711\"").clientAddress(true));
        assertEquals("2001:db8::2", request("Forwarded", "proto=https; for=\"[2001:db8::2]\"").clientAddress(true));
        assertEquals("_hidden", request("Forwarded", "for=_hidden").clientAddress(true));
    }
}
