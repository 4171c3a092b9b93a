package dev.wsshowcase.handshake;

import dev.wsshowcase.application.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.function.Function;

/**
 * What the application believes of the headers its proxies add: the client's address
 * ({@code X-Forwarded-For}, {@code Forwarded: for=}) and the scheme and host the client used
 * ({@code X-Forwarded-Proto}/{@code -Host}, {@code Forwarded: proto= host=}). The one reader of
 * those headers, for the connection limits and the Origin check alike.
 *
 * <p><b>Whether.</b> Nothing is believed unless {@link HandshakeSettings#PROXY_TRUSTED}; then only the
 * family of headers that {@link HandshakeSettings#PROXY_HEADERS} names. A proxy passes on the headers it
 * does not write as the client sent them: believing the other family would let the client
 * speak for the proxy.
 *
 * <p><b>Which element.</b> A proxy adds its element at the right end of a list header, after
 * what it received (nginx's {@code $proxy_add_x_forwarded_for}: {@code X-Forwarded-For: what
 * the client sent, the client's address}; RFC 7239 section 4 for {@code Forwarded}). Whatever
 * stands left of the elements the trusted proxies wrote came from the client, who can write
 * anything there. So every value is read from the element {@link HandshakeSettings#PROXY_TRUSTED_HOPS}
 * places from the right: the one written by the outermost trusted proxy, the one that took the
 * connection from the client. The address, the scheme and the host come from the same rule,
 * and for {@code Forwarded} from the same element.
 *
 * <p>A header with fewer elements than that is read at its leftmost element. A proxy that sets
 * a header rather than appending to it (nginx's {@code X-Forwarded-Proto $scheme}) leaves one
 * element, and when every trusted proxy appends or sets, a client's own elements only ever add
 * to the count: fewer elements than hops means that all of them came from trusted proxies, and
 * the leftmost is the one nearest the client. (The peer's address would put every client of the
 * proxy under one limit.) A header that is absent, or an element without the value, leaves the
 * peer's address, the request's scheme or its {@code Host}.
 *
 * <p><b>Parsing.</b> Elements are split at every comma, without regard to quotes: the elements
 * a proxy writes hold no commas, so a client's quoted or unbalanced text can only change the
 * elements on its own side. Several header lines count as one list, in order. Ports are
 * removed from addresses ({@code 192.0.2.60:4711}, {@code [2001:db8::1]:4711}) and IPv6
 * addresses are put in lower case, so that one client is one address.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ForwardedHeaders {

    /** Which family of headers the proxies write. */
    public enum Family {
        /** {@code X-Forwarded-For}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}. */
        X_FORWARDED("x-forwarded"),
        /** {@code Forwarded} (RFC 7239): {@code for=}, {@code proto=}, {@code host=}. */
        FORWARDED("forwarded");

        private final String text;

        Family(String text) {
            this.text = text;
        }

        /** The setting's value that names this family. */
        public String text() {
            return text;
        }
    }

    /** Believes no proxy: the peer's address, the request's scheme and host. */
    static final ForwardedHeaders UNTRUSTED = new ForwardedHeaders(false, Family.X_FORWARDED, 1);

    private final boolean trusted;
    private final Family family;
    private final int hops;

    private ForwardedHeaders(boolean trusted, Family family, int hops) {
        if (hops < 1) {
            throw new IllegalArgumentException("hops must be at least 1");
        }
        this.trusted = trusted;
        this.family = family;
        this.hops = hops;
    }

    /** Believes {@code hops} proxies that write the headers of {@code family}. */
    static ForwardedHeaders trusted(Family family, int hops) {
        return new ForwardedHeaders(true, family, hops);
    }

    static ForwardedHeaders of(Settings settings) {
        return settings.get(HandshakeSettings.PROXY_TRUSTED)
                ? trusted(settings.get(HandshakeSettings.PROXY_HEADERS), settings.get(HandshakeSettings.PROXY_TRUSTED_HOPS))
                : UNTRUSTED;
    }

    /**
     * The address of the client of an HTTP request (such as a scrape of {@code api/metrics}),
     * read with the running application's rule: the peer's, or what the trusted proxy says.
     */
    public static String clientAddress(HttpServletRequest request) {
        return HandshakePolicy.current().forwardedHeaders().clientAddress(name -> HandshakeRequests.header(request, name), request.getRemoteAddr());
    }

    /**
     * The client's address.
     *
     * @param headers the request's headers by name (case-insensitive; several lines of one header joined with commas)
     * @param peer    the address of the connection's other end, as the container gives it
     */
    String clientAddress(Function<String, String> headers, String peer) {
        if (!trusted) {
            return peer;
        }
        String node = family == Family.FORWARDED
                ? parameter(element(headers.apply("Forwarded"), hops), "for")
                : element(headers.apply("X-Forwarded-For"), hops);
        return node != null ? address(node) : peer;
    }

    /** The scheme the client used ({@code http}, {@code https}), or {@code scheme}, the request's. */
    String scheme(Function<String, String> headers, String scheme) {
        String forwarded = forwarded(headers, "proto", "X-Forwarded-Proto");
        return forwarded != null ? forwarded : scheme;
    }

    /** The host (and port) the client addressed, or {@code host}, the request's {@code Host}. */
    String host(Function<String, String> headers, String host) {
        String forwarded = forwarded(headers, "host", "X-Forwarded-Host");
        return forwarded != null ? forwarded : host;
    }

    private String forwarded(Function<String, String> headers, String parameter, String xForwardedHeader) {
        if (!trusted) {
            return null;
        }
        return family == Family.FORWARDED
                ? parameter(element(headers.apply("Forwarded"), hops), parameter)
                : element(headers.apply(xForwardedHeader), hops);
    }

    /**
     * The element {@code hops} places from the right of a comma-separated header (1 is the
     * rightmost), or its leftmost if it has fewer; trimmed. Null if the header is absent or that
     * element is empty.
     */
    static String element(String header, int hops) {
        if (header == null) {
            return null;
        }
        String[] elements = header.split(",", -1);
        String element = elements[Math.max(0, elements.length - hops)].trim();
        return element.isEmpty() ? null : element;
    }

    /** A parameter ({@code for}, {@code proto}, {@code host}) of one {@code Forwarded} element, unquoted; or null. */
    static String parameter(String element, String name) {
        if (element == null) {
            return null;
        }
        for (String pair : element.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase(name)) {
                String value = pair.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /**
     * A node as one address: {@code 192.0.2.60:4711} and {@code [2001:db8::1]:4711} without the
     * port (RFC 7239 allows one, and some proxies add one to {@code X-Forwarded-For}), IPv6 in
     * lower case.
     */
    static String address(String node) {
        String address = node;
        if (node.startsWith("[")) {
            int end = node.indexOf(']');
            address = end > 0 ? node.substring(1, end) : node;
        } else {
            int colon = node.indexOf(':');
            if (colon > 0 && colon == node.lastIndexOf(':')) {
                address = node.substring(0, colon);
            }
        }
        return address.indexOf(':') >= 0 ? address.toLowerCase(Locale.ROOT) : address;
    }
}
