package dev.wsshowcase.handshake;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes the HTTP request of a WebSocket handshake visible to {@link ShowcaseConfigurator#checkOrigin}
 * on the thread that handles it.
 *
 * <p>Why: the WebSocket API gives {@code checkOrigin} the Origin alone, so it cannot compare it
 * with the host the client addressed; and a servlet filter the application declares is not
 * enough, because some containers (Jetty) upgrade the connection before those run. A request
 * listener runs on the request's thread before any filter, in every servlet container, and
 * the container calls {@code checkOrigin} on that same thread, then answers 403 itself when it
 * returns false. The value is removed when the request ends.
 */
@WebListener
public class HandshakeRequests implements ServletRequestListener {

    private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();
    private static final String[] HEADERS = {"Host", "Forwarded", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-For"};

    /**
     * What the origin check and the connection limits need of a handshake request: its scheme,
     * a few headers (each header's lines joined with commas, as HTTP defines for list headers)
     * and the peer's address.
     */
    public record Request(String scheme, Map<String, String> headers, String remoteAddress) {
        public String header(String name) {
            return headers.get(name);
        }

        /** The client's address: the peer's, or what {@code proxies} says the trusted proxy saw. */
        public String clientAddress(ForwardedHeaders proxies) {
            return proxies.clientAddress(this::header, remoteAddress);
        }
    }

    /** The handshake request being handled on this thread, or null (no servlet container, as with Tyrus standalone). */
    static Request current() {
        return CURRENT.get();
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        CURRENT.remove();
        if (event.getServletRequest() instanceof HttpServletRequest http
                && "websocket".equalsIgnoreCase(String.valueOf(http.getHeader("Upgrade")).trim())) {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String name : HEADERS) {
                String value = header(http, name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            CURRENT.set(new Request(http.getScheme(), headers, http.getRemoteAddr()));
        }
    }

    /** The lines of {@code request}'s header {@code name} joined with commas, as HTTP defines for list headers; null if it has none. */
    static String header(HttpServletRequest request, String name) {
        List<String> lines = Collections.list(request.getHeaders(name));
        return lines.isEmpty() ? null : String.join(", ", lines);
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        CURRENT.remove();
    }
}
