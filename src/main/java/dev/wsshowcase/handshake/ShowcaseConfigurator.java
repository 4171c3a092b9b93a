package dev.wsshowcase.handshake;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.connection.Connections;
import dev.wsshowcase.logging.RateLimitedLog;
import dev.wsshowcase.metrics.Metrics;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The handshake policy of every endpoint.
 *
 * <p>Origin: {@link OriginPolicy} decides, given the handshake request that
 * {@link HandshakeRequests} captured on this thread; a refused Origin makes the container answer
 * HTTP 403. Without a servlet request (the Tyrus standalone server of the tests) the
 * application's own origin cannot be known, so only the allow-list and
 * {@link HandshakeSettings#ORIGIN_REQUIRED} apply and any other Origin is accepted.
 *
 * <p>A refused Origin is counted ({@code showcase_handshakes_refused_total{reason="origin"}}) and
 * logged at most once a minute (a page of a foreign site can cause any number of them). Every
 * handshake names its endpoint for the metrics: the session user property
 * {@link Connections#ENDPOINT} is the endpoint path's first segment ({@code /chat/{room}} is
 * {@code chat}).
 *
 * <p>Extensions: permessage-deflate is negotiated only when {@link HandshakeSettings#COMPRESSION} is on.
 * By default it is declined: a compressed connection keeps a Deflater and an Inflater (tens to
 * hundreds of KiB of native memory each), which small JSON messages do not repay. Clients then
 * talk uncompressed, which every client supports.
 */
public class ShowcaseConfigurator extends ServerEndpointConfig.Configurator {

    private static final Logger LOG = Logger.getLogger(ShowcaseConfigurator.class.getName());
    private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG, Level.INFO, Duration.ofMinutes(1));

    /**
     * Passes the endpoint's name and the client's address to the session: the user properties
     * seen here become the session's (WebSocket 2.1, a copy per connection).
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        config.getUserProperties().put(Connections.ENDPOINT, endpointName(config.getPath()));
        HandshakeRequests.Request handshake = HandshakeRequests.current();
        if (handshake != null) {
            config.getUserProperties().put(Connections.CLIENT_ADDRESS, handshake.clientAddress(HandshakePolicy.current().forwardedHeaders()));
        }
    }

    @Override
    public boolean checkOrigin(String origin) {
        OriginPolicy policy = HandshakePolicy.current().originPolicy();
        HandshakeRequests.Request request = HandshakeRequests.current();
        String refusal = request != null
                ? policy.refusal(origin, request.scheme(), request::header)
                : policy.refusalWithoutRequest(origin);
        if (refusal == null) {
            return true;
        }
        Showcase.countRefusal(Metrics.Refusal.ORIGIN);
        REFUSALS.log(() -> "Refused a WebSocket handshake" + (request != null ? " from " + request.remoteAddress() : "") + " with 403: " + refusal);
        return false;
    }

    /** {@code /chat/{room}} is {@code chat}: the first segment of an endpoint's path. */
    static String endpointName(String path) {
        String name = path.startsWith("/") ? path.substring(1) : path;
        int slash = name.indexOf('/');
        return slash >= 0 ? name.substring(0, slash) : name;
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        if (HandshakePolicy.current().compression()) {
            return super.getNegotiatedExtensions(installed, requested);
        }
        return List.of();
    }
}
