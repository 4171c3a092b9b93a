package dev.wsshowcase.shared;

import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * The handshake policy of every endpoint.
 *
 * <p>Extensions: permessage-deflate is negotiated only when {@link Settings#COMPRESSION} is on.
 * By default it is declined: containers keep a Deflater per compressed connection, and Payara 6
 * (Tyrus 2.1.5) stops delivering to some compressed connections when many messages go out at
 * once. Clients then talk uncompressed, which every client supports.
 */
public class ShowcaseConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        if (Showcase.current().settings().get(Settings.COMPRESSION)) {
            return super.getNegotiatedExtensions(installed, requested);
        }
        return List.of();
    }
}
