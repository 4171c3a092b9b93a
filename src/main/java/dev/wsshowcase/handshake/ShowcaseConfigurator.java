package dev.wsshowcase.handshake;

import dev.wsshowcase.connection.Connections;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
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
 * <p>Extensions: permessage-deflate is negotiated only when {@link HandshakeSettings#COMPRESSION} is on.
 * By default it is declined: a compressed connection keeps a Deflater and an Inflater (tens to
 * hundreds of KiB of native memory each), which small JSON messages do not repay. Clients then
 * talk uncompressed, which every client supports.
 */
public class ShowcaseConfigurator extends ServerEndpointConfig.Configurator {

    private static final Logger LOG = Logger.getLogger(ShowcaseConfigurator.class.getName());

    /**
     * Passes the client's address to the session: the user properties seen here become the
     * session's (WebSocket 2.1, a copy per connection).
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
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
        LOG.info(() -> "Refused a WebSocket handshake" + (request != null ? " from " + request.remoteAddress() : "") + ": " + refusal);
        return false;
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        if (HandshakePolicy.current().compression()) {
            return super.getNegotiatedExtensions(installed, requested);
        }
        return List.of();
    }
}
