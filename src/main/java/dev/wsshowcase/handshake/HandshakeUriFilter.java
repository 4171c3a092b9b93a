package dev.wsshowcase.handshake;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.logging.RateLimitedLog;
import dev.wsshowcase.metrics.Metrics;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers a WebSocket handshake whose request URI is malformed (an invalid percent-escape such
 * as {@code ?name=%ZZ} or a lone {@code %}, escapes that are not UTF-8, a character a URI cannot
 * hold) with HTTP 400 and the reason as text, before the container's WebSocket upgrade sees it.
 *
 * <p>Why: the containers build a {@link URI} of the handshake request and fail on such a query:
 * Tomcat and Jetty answer 500 and log a stack trace for every request, Payara accepts the
 * upgrade and then leaves the connection hanging, with a stack trace too. It is the client's
 * error, and anyone could fill the log with it. Each refusal is counted
 * ({@code showcase_handshakes_refused_total{reason="malformed_uri"}}). Refusals are logged through a
 * {@link RateLimitedLog}: one line a minute at most, with the count of those left out.
 *
 * <p>Order: {@link #register} adds it ahead of every other filter mapping
 * ({@code isMatchAfter=false}) from {@code dev.wsshowcase.ShowcaseListener}, after the containers' WebSocket
 * initializers have run. So it runs first on every container: Tomcat's {@code WsFilter} and
 * Payara's Tyrus filter are mapped after the application's filters, and Jetty's
 * {@code WebSocketUpgradeFilter}, which its initializer puts at the head of the chain (before
 * any filter the application declares with {@code @WebFilter}), ends up behind a mapping added
 * this way. A malformed path mostly never reaches the application: Tomcat and Jetty answer 400
 * themselves, Payara a bare 200 (see the README, "Malformed handshake URIs").
 *
 * <p>Only WebSocket handshakes are checked: a page requested with a stray {@code %} still loads.
 * Stateless and safe for concurrent requests.
 */
public class HandshakeUriFilter extends HttpFilter {

    public static final String INVALID_ESCAPE = "invalid percent-encoding in the request URI";
    public static final String INVALID_UTF8 = "percent-encoded bytes in the request URI are not UTF-8";
    public static final String INVALID_CHARACTER = "invalid character in the request URI";

    private static final Logger LOG = Logger.getLogger(HandshakeUriFilter.class.getName());
    private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG, Level.INFO, Duration.ofMinutes(1));

    /** Maps the filter to every request of the application, ahead of every other filter. */
    public static void register(ServletContext context) {
        FilterRegistration.Dynamic filter = context.addFilter(HandshakeUriFilter.class.getSimpleName(), new HandshakeUriFilter());
        if (filter != null) {
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String problem = isWebSocketUpgrade(request) ? problem(request.getRequestURI(), request.getQueryString()) : null;
        if (problem == null) {
            chain.doFilter(request, response);
            return;
        }
        Showcase.countRefusal(Metrics.Refusal.MALFORMED_URI);
        String uri = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        REFUSALS.log(() -> "Refused a WebSocket handshake from " + request.getRemoteAddr() + " with HTTP 400: "
                + problem + ": " + InvalidMessage.excerpt(uri));
        byte[] body = (problem + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Whether {@code Upgrade} names {@code websocket} among its tokens, as the containers test it. */
    private static boolean isWebSocketUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null) {
            return false;
        }
        for (String token : upgrade.split(",")) {
            if (token.trim().equalsIgnoreCase("websocket")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What is wrong with a request URI, or null if nothing.
     *
     * @param path  the path as the client sent it (not decoded), e.g. {@code /websocket-showcase/chat/lobby}
     * @param query the query as the client sent it, or null
     */
    static String problem(String path, String query) {
        String problem = escapes(path);
        if (problem == null && query != null) {
            problem = escapes(query);
        }
        if (problem != null) {
            return problem;
        }
        try {
            new URI(query == null ? path : path + "?" + query);
        } catch (URISyntaxException e) {
            return INVALID_CHARACTER;
        }
        return null;
    }

    /** Whether every {@code %} starts two hex digits, and the bytes so written, with the text around them, are UTF-8. */
    private static String escapes(String text) {
        if (text.indexOf('%') < 0) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int literal = 0;
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', literal)) {
            if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                return INVALID_ESCAPE;
            }
            bytes.writeBytes(text.substring(literal, i).getBytes(StandardCharsets.UTF_8));
            bytes.write(Integer.parseInt(text, i + 1, i + 3, 16));
            literal = i + 3;
        }
        bytes.writeBytes(text.substring(literal).getBytes(StandardCharsets.UTF_8));
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return null;
        } catch (CharacterCodingException e) {
            return INVALID_UTF8;
        }
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
