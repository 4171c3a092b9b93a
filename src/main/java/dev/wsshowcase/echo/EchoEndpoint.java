package dev.wsshowcase.echo;

import dev.wsshowcase.shared.Showcase;
import dev.wsshowcase.shared.ShowcaseConfigurator;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * {@code /echo}: sends every message back to its sender.
 *
 * <p>Messages are taken in parts as the container reads them, so the size limit is ours
 * ({@code showcase.echo.max-message-bytes}) and the same on every container, whatever its own
 * buffer sizes. Pings are answered by the container.
 */
@ServerEndpoint(value = "/echo", configurator = ShowcaseConfigurator.class)
public class EchoEndpoint {

    private EchoSession echo;

    @OnOpen
    public void open(Session session) {
        echo = EchoSession.open(Showcase.current(), session);
    }

    @OnMessage
    public void text(String part, boolean last) {
        echo.text(part, last);
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        echo.binary(part, last);
    }

    @OnClose
    public void close(CloseReason reason) {
        echo.closed();
    }

    @OnError
    public void error(Throwable failure) {
        echo.failed(failure);
    }
}
