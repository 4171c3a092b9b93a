package dev.wsshowcase.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {

    private static final OriginPolicy DEFAULT = new OriginPolicy(Set.of(), false, ForwardedHeaders.UNTRUSTED);

    private static Function<String, String> headers(String... pairs) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example:8080", "HTTP://App.Example:8080"})
    void theApplicationsOwnOriginIsAllowed(String origin) {
        assertNull(DEFAULT.refusal(origin, "http", headers("Host", "app.example:8080")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "null", "http://app.example:8080.evil.example",
        "http://evilapp.example:8080", "http://app.example", "https://app.example:8080", "http://app.example:8081",
        "http://app.example:8080/", "http://app.example:8080/path", "http://user@app.example:8080", "ws://app.example:8080", "", " "})
    void foreignNullPrefixSuffixAndMalformedOriginsAreRefused(String origin) {
        assertNotNull(DEFAULT.refusal(origin, "http", headers("Host", "app.example:8080")));
    }

    @Test
    void defaultPortsAreExplicitOrImplied() {
        assertNull(DEFAULT.refusal("https://app.example", "https", headers("Host", "app.example:443")));
        assertNull(DEFAULT.refusal("https://app.example:443", "https", headers("Host", "app.example")));
        assertNotNull(DEFAULT.refusal("http://app.example", "https", headers("Host", "app.example")));
    }

    @Test
    void theAllowListMatchesExactly() {
        OriginPolicy policy = new OriginPolicy(OriginPolicy.parseList("https://pages.example, http://localhost:3000"), false, ForwardedHeaders.UNTRUSTED);
        Function<String, String> request = headers("Host", "api.example");
        assertNull(policy.refusal("https://pages.example", "https", request));
        assertNull(policy.refusal("https://pages.example:443", "https", request));
        assertNull(policy.refusal("http://localhost:3000", "https", request));
        assertNotNull(policy.refusal("https://pages.example.evil", "https", request));
        assertNotNull(policy.refusal("https://evil-pages.example", "https", request));
        assertNotNull(policy.refusal("http://pages.example", "https", request));
        assertNotNull(policy.refusal("http://localhost:3001", "https", request));
    }

    @Test
    void withoutOriginAllowedUnlessRequired() {
        assertNull(DEFAULT.refusal(null, "http", headers("Host", "app.example")));
        assertNotNull(new OriginPolicy(Set.of(), true, ForwardedHeaders.UNTRUSTED).refusal(null, "http", headers("Host", "app.example")));
    }

    @Test
    void withoutARequestOnlyTheRequirementApplies() {
        assertNull(DEFAULT.refusalWithoutRequest("http://anything.example"));
        assertNull(DEFAULT.refusalWithoutRequest(null));
        assertNotNull(new OriginPolicy(Set.of(), true, ForwardedHeaders.UNTRUSTED).refusalWithoutRequest(null));
    }

    @Test
    void forwardedHeadersCountOnlyWhenTheProxyIsTrusted() {
        Function<String, String> behindProxy = headers("Host", "backend:8080",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "chat.example");
        assertNotNull(DEFAULT.refusal("https://chat.example", "http", behindProxy));
        OriginPolicy trusting = new OriginPolicy(Set.of(), false, ForwardedHeaders.trusted(ForwardedHeaders.Family.X_FORWARDED, 1));
        assertNull(trusting.refusal("https://chat.example", "http", behindProxy));
        assertNotNull(trusting.refusal("http://backend:8080", "http", behindProxy));
    }

    /** The scheme and host come from the element the outermost trusted proxy wrote, as the address does. */
    @Test
    void theSchemeAndHostComeFromTheTrustedProxysElement() {
        Function<String, String> rfc7239 = headers("Host", "backend:8080",
                "Forwarded", "for=192.0.2.60;proto=https;host=\"chat.example:8443\", for=10.0.0.1;proto=http;host=edge.internal");
        OriginPolicy twoHops = new OriginPolicy(Set.of(), false, ForwardedHeaders.trusted(ForwardedHeaders.Family.FORWARDED, 2));
        assertNull(twoHops.refusal("https://chat.example:8443", "http", rfc7239));
        assertNotNull(twoHops.refusal("http://edge.internal", "http", rfc7239));
        OriginPolicy oneHop = new OriginPolicy(Set.of(), false, ForwardedHeaders.trusted(ForwardedHeaders.Family.FORWARDED, 1));
        assertNull(oneHop.refusal("http://edge.internal", "http", rfc7239));
        assertNotNull(oneHop.refusal("https://chat.example:8443", "http", rfc7239));

        Function<String, String> appended = headers("Host", "backend:8080",
                "X-Forwarded-Proto", "http, https", "X-Forwarded-Host", "evil.example, chat.example");
        OriginPolicy xForwarded = new OriginPolicy(Set.of(), false, ForwardedHeaders.trusted(ForwardedHeaders.Family.X_FORWARDED, 1));
        assertNull(xForwarded.refusal("https://chat.example", "http", appended));
        assertNotNull(xForwarded.refusal("http://evil.example", "http", appended));
    }

    /** With the X-Forwarded headers trusted, a Forwarded header is the client's own and changes nothing; and the other way round. */
    @Test
    void onlyTheConfiguredFamilyCounts() {
        Function<String, String> both = headers("Host", "backend:8080",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "chat.example",
                "Forwarded", "proto=http;host=evil.example");
        OriginPolicy xForwarded = new OriginPolicy(Set.of(), false, ForwardedHeaders.trusted(ForwardedHeaders.Family.X_FORWARDED, 1));
        assertNull(xForwarded.refusal("https://chat.example", "http", both));
        assertNotNull(xForwarded.refusal("http://evil.example", "http", both));
        OriginPolicy forwarded = new OriginPolicy(Set.of(), false, ForwardedHeaders.trusted(ForwardedHeaders.Family.FORWARDED, 1));
        assertNull(forwarded.refusal("http://evil.example", "http", both));
        assertNotNull(forwarded.refusal("https://chat.example", "http", both));
    }

    @Test
    void anInvalidAllowListNamesTheBadEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OriginPolicy.parseList("https://ok.example, *.example.com"));
        assertEquals("'*.example.com' is not an origin such as https://example.com", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OriginPolicy.parseList("https://ok.example/path"));
    }
}
