package dev.wsshowcase.shared;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes the HTTP request of a WebSocket handshake visible to {@link ShowcaseConfigurator#checkOrigin}
 * on the thread that handles it.
 *
 * <p>Why: the WebSocket API gives {@code checkOrigin} the Origin alone, so it cannot compare it
 * with the host the client addressed; and a servlet filter is not enough, because some
 * containers (Jetty) upgrade the connection before the application's filters run. A request
 * listener runs on the request's thread before any filter, in every servlet container, and
 * the container calls {@code checkOrigin} on that same thread, then answers 403 itself when it
 * returns false. The value is removed when the request ends.
 */
@WebListener
public class HandshakeRequests implements ServletRequestListener {

    private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();
    private static final String[] HEADERS = {"Host", "Forwarded", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-For"};

    /** What the origin check needs of a handshake request: its scheme and a few headers. */
    public record Request(String scheme, Map<String, String> headers, String remoteAddress) {
        public String header(String name) {
            return headers.get(name);
        }

        /**
         * The client's address: the peer's, or behind a trusted proxy the first {@code for=} of
         * {@code Forwarded} or the first {@code X-Forwarded-For}, the client the proxy saw.
         */
        public String clientAddress(boolean trustProxy) {
            if (trustProxy) {
                String forwardedFor = ForwardedHeaders.parameter(header("Forwarded"), "for");
                if (forwardedFor != null) {
                    return withoutPort(forwardedFor);
                }
                String xForwardedFor = ForwardedHeaders.firstValue(header("X-Forwarded-For"));
                if (xForwardedFor != null) {
                    return xForwardedFor;
                }
            }
            return remoteAddress;
        }

        /** {@code 192.0.2.60:4711} and {@code [2001:db8::1]:4711} without the port (RFC 7239 allows one). */
        static String withoutPort(String node) {
            if (node.startsWith("[")) {
                int end = node.indexOf(']');
                return end > 0 ? node.substring(1, end) : node;
            }
            int colon = node.indexOf(':');
            return colon > 0 && colon == node.lastIndexOf(':') ? node.substring(0, colon) : node;
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
                String value = http.getHeader(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            CURRENT.set(new Request(http.getScheme(), headers, http.getRemoteAddr()));
        }
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        CURRENT.remove();
    }
}
