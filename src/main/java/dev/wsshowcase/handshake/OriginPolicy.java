package dev.wsshowcase.handshake;

import dev.wsshowcase.application.Settings;
import dev.wsshowcase.codec.InvalidMessage;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Which browser pages may open a WebSocket to this application (cross-site WebSocket
 * hijacking protection). Browsers send the page's origin with every handshake; containers
 * accept any by default.
 *
 * <p>Allowed: the application's own origin (the Origin's scheme, host and port equal the
 * request's), and the origins of {@link HandshakeSettings#ORIGIN_ALLOWED}. Matching is exact on the
 * normalized (scheme, host, port): no prefixes, suffixes, wildcards or {@code null}. Behind a
 * trusted proxy the request's scheme and host are those the client used, as
 * {@link ForwardedHeaders} reads them from the proxy's headers. A client's own forwarded headers
 * cannot open the check to a foreign page: browsers do not let a page set them on a WebSocket
 * handshake, and a client that is not a browser can send any Origin anyway. A handshake
 * without Origin (not a browser) is allowed unless {@link HandshakeSettings#ORIGIN_REQUIRED}.
 *
 * <p>{@link ShowcaseConfigurator#checkOrigin} applies it to every handshake.
 */
public final class OriginPolicy {

    private final Set<String> allowed;
    private final boolean required;
    private final ForwardedHeaders proxies;

    OriginPolicy(Set<String> allowed, boolean required, ForwardedHeaders proxies) {
        this.allowed = Set.copyOf(allowed);
        this.required = required;
        this.proxies = proxies;
    }

    static OriginPolicy of(Settings settings, ForwardedHeaders proxies) {
        return new OriginPolicy(settings.get(HandshakeSettings.ORIGIN_ALLOWED), settings.get(HandshakeSettings.ORIGIN_REQUIRED), proxies);
    }

    /**
     * Checks a handshake.
     *
     * @param origin  the Origin header, or null
     * @param scheme  the request's scheme as the container saw it ({@code http} or {@code https})
     * @param headers the request's headers by name (case-insensitive; the first value)
     * @return null if allowed, else why not (for the 403 response and the log)
     */
    public String refusal(String origin, String scheme, Function<String, String> headers) {
        if (origin == null) {
            return withoutOrigin();
        }
        String normalized;
        try {
            normalized = normalize(origin);
        } catch (IllegalArgumentException e) {
            return "Origin '" + InvalidMessage.excerpt(origin) + "' is not allowed";
        }
        if (allowed.contains(normalized)) {
            return null;
        }
        String own = requestOrigin(scheme, headers);
        if (normalized.equals(own)) {
            return null;
        }
        return "Origin '" + InvalidMessage.excerpt(origin) + "' is not allowed";
    }

    /**
     * As {@link #refusal} where the request is unknown (no servlet container): the allow-list and
     * the Origin requirement apply; any other Origin is accepted, since the application's own
     * origin cannot be told from a foreign one.
     */
    public String refusalWithoutRequest(String origin) {
        return origin == null ? withoutOrigin() : null;
    }

    private String withoutOrigin() {
        return required ? "a handshake without Origin is refused here" : null;
    }

    /** The origin the client addressed, as "scheme://host:port", or null if the request does not say. */
    private String requestOrigin(String scheme, Function<String, String> headers) {
        String host = proxies.host(headers, headers.apply("Host"));
        String clientScheme = proxies.scheme(headers, scheme);
        if (host == null || clientScheme == null) {
            return null;
        }
        try {
            return normalize(clientScheme + "://" + host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * An origin as "scheme://host:port" with the scheme and host in lower case and the port
     * explicit, so that equal origins compare equal.
     *
     * @throws IllegalArgumentException if {@code origin} is not an http or https origin
     *                                  (scheme, host, optional port; no path, query or user)
     */
    public static String normalize(String origin) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + InvalidMessage.excerpt(origin) + "' is not an origin such as https://example.com");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null || !bare) {
            throw new IllegalArgumentException("'" + InvalidMessage.excerpt(origin) + "' is not an origin such as https://example.com");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Parses a list of origins separated by commas or spaces. */
    static Set<String> parseList(String text) {
        Set<String> origins = new LinkedHashSet<>();
        for (String item : text.split("[,\\s]+")) {
            if (!item.isEmpty()) {
                origins.add(normalize(item));
            }
        }
        return origins;
    }
}
