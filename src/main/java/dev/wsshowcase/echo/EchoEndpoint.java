package dev.wsshowcase.echo;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.connection.Admission;
import dev.wsshowcase.handshake.ShowcaseConfigurator;
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
 * buffer sizes. Pings are answered by the container. A connection that opens while the
 * application is stopping is closed at once ({@link Showcase#forOpening}), one past a
 * connection limit with 1013 ({@link Showcase#admit}); the callbacks of either do nothing.
 */
@ServerEndpoint(value = "/echo", configurator = ShowcaseConfigurator.class)
public class EchoEndpoint {

    /** Null if the connection opened while the application was stopping, or was refused. */
    private EchoSession echo;

    @OnOpen
    public void open(Session session) {
        Showcase showcase = Showcase.forOpening(session);
        if (showcase != null && showcase.admit(session) instanceof Admission.Admitted admitted) {
            echo = EchoSession.open(showcase, admitted.connection());
        }
    }

    @OnMessage
    public void text(String part, boolean last) {
        if (echo != null) {
            echo.text(part, last);
        }
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        if (echo != null) {
            echo.binary(part, last);
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (echo != null) {
            echo.closed(reason);
        }
    }

    @OnError
    public void error(Throwable failure) {
        if (echo != null) {
            echo.failed(failure);
        }
    }
}
