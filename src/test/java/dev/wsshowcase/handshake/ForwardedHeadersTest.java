package dev.wsshowcase.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wsshowcase.ShowcaseListener;
import dev.wsshowcase.application.Settings;
import dev.wsshowcase.handshake.ForwardedHeaders.Family;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    private static Function<String, String> headers(String... pairs) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }

    @Test
    void theElementIsCountedFromTheRight() {
        assertEquals("c", ForwardedHeaders.element("a, b, c", 1));
        assertEquals("b", ForwardedHeaders.element("a, b, c", 2));
        assertEquals("a", ForwardedHeaders.element("a, b, c", 3));
        assertEquals("a", ForwardedHeaders.element("a, b, c", 4), "fewer elements than hops: the leftmost");
        assertEquals("a", ForwardedHeaders.element(" a ", 2));
        assertNull(ForwardedHeaders.element(null, 1));
        assertNull(ForwardedHeaders.element("a, ", 1), "an empty element is no value");
    }

    @Test
    void parametersAreReadFromOneElement() {
        assertEquals("https", ForwardedHeaders.parameter("for=192.0.2.60;proto=https;by=203.0.113.43", "proto"));
        assertEquals("chat.example:8443", ForwardedHeaders.parameter("host=\"chat.example:8443\"", "HOST"));
        assertNull(ForwardedHeaders.parameter("for=192.0.2.60", "proto"));
        assertNull(ForwardedHeaders.parameter("proto=", "proto"));
        assertNull(ForwardedHeaders.parameter(null, "for"));
    }

    @Test
    void addressesLoseTheirPortAndIpv6ItsCase() {
        assertEquals("192.0.2.60", ForwardedHeaders.address("192.0.2.60:4711"));
        assertEquals("192.0.2.60", ForwardedHeaders.address("192.0.2.60"));
        assertEquals("2001:db8::1", ForwardedHeaders.address("[2001:DB8::1]:4711"));
        assertEquals("2001:db8::1", ForwardedHeaders.address("2001:DB8::1"));
        assertEquals("_Hidden", ForwardedHeaders.address("_Hidden"));
    }

    /** nginx sets X-Forwarded-Proto and -Host (one value) and appends to X-Forwarded-For: each is read by the same rule. */
    @Test
    void schemeHostAndAddressFollowOneRule() {
        Function<String, String> nginx = headers("Host", "127.0.0.1:8080",
                "X-Forwarded-For", "6.6.6.6, 203.0.113.7", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "chat.example.com");
        ForwardedHeaders oneHop = ForwardedHeaders.trusted(Family.X_FORWARDED, 1);
        assertEquals("203.0.113.7", oneHop.clientAddress(nginx, "127.0.0.1"));
        assertEquals("https", oneHop.scheme(nginx, "http"));
        assertEquals("chat.example.com", oneHop.host(nginx, "127.0.0.1:8080"));

        ForwardedHeaders twoHops = ForwardedHeaders.trusted(Family.X_FORWARDED, 2);
        assertEquals("6.6.6.6", twoHops.clientAddress(nginx, "127.0.0.1"));
        assertEquals("https", twoHops.scheme(nginx, "http"), "one value set by a proxy counts at any number of hops");

        Function<String, String> rfc7239 = headers("Forwarded",
                "for=6.6.6.6;proto=http;host=evil.example, for=203.0.113.7;proto=https;host=chat.example.com, for=10.0.0.1;proto=http;host=backend");
        ForwardedHeaders forwarded = ForwardedHeaders.trusted(Family.FORWARDED, 2);
        assertEquals("203.0.113.7", forwarded.clientAddress(rfc7239, "127.0.0.1"));
        assertEquals("https", forwarded.scheme(rfc7239, "http"));
        assertEquals("chat.example.com", forwarded.host(rfc7239, "127.0.0.1:8080"));
    }

    @Test
    void untrustedHeadersLeaveTheRequestAsItIs() {
        Function<String, String> spoofed = headers("X-Forwarded-For", "6.6.6.6", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "evil.example", "Forwarded", "for=6.6.6.6;proto=https;host=evil.example");
        assertEquals("127.0.0.1", ForwardedHeaders.UNTRUSTED.clientAddress(spoofed, "127.0.0.1"));
        assertEquals("http", ForwardedHeaders.UNTRUSTED.scheme(spoofed, "http"));
        assertEquals("backend:8080", ForwardedHeaders.UNTRUSTED.host(spoofed, "backend:8080"));
    }

    @Test
    void theSettingsChooseTheReader() {
        Settings settings = Settings.load(ShowcaseListener.SETTINGS, Map.of(
                HandshakeSettings.PROXY_TRUSTED.name(), "true",
                HandshakeSettings.PROXY_HEADERS.name(), "Forwarded",
                HandshakeSettings.PROXY_TRUSTED_HOPS.name(), "2")::get, name -> null, name -> null);
        ForwardedHeaders proxies = ForwardedHeaders.of(settings);
        assertEquals("6.6.6.6", proxies.clientAddress(headers("Forwarded", "for=6.6.6.6, for=10.0.0.1", "X-Forwarded-For", "203.0.113.7"), "127.0.0.1"));
        assertEquals("127.0.0.1", ForwardedHeaders.of(Settings.load(ShowcaseListener.SETTINGS, name -> null, name -> null, name -> null))
                .clientAddress(headers("X-Forwarded-For", "203.0.113.7"), "127.0.0.1"));
    }
}
