package dev.wsshowcase.shared;

import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * The handshake policy of every endpoint.
 *
 * <p>Extensions: permessage-deflate is negotiated only when {@link Settings#COMPRESSION} is on.
 * By default it is declined: a compressed connection keeps a Deflater and an Inflater (tens to
 * hundreds of KiB of native memory each), which small JSON messages do not repay. Clients then
 * talk uncompressed, which every client supports.
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
