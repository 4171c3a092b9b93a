package dev.wsshowcase.handshake;

import jakarta.websocket.Session;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Query parameters of a WebSocket handshake, decoded as UTF-8 on every container.
 *
 * <p>{@link Session#getRequestParameterMap()} is decoded by the container, and Payara decodes
 * it as ISO-8859-1 ({@code ?name=%E5%B0%8F} becomes mojibake); this reads the raw query string
 * instead.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The first value of parameter {@code name}, or null; a value that is not valid percent-encoding is null too. */
    public static String first(Session session, String name) {
        return first(session.getQueryString(), name);
    }

    static String first(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            try {
                if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                    return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException malformed) {
                return null;
            }
        }
        return null;
    }
}
