package dev.wsshowcase.clock;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.clock.codec.ClockCommand;
import dev.wsshowcase.clock.codec.ClockDecoder;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /clock}: pushes the time to the client; see {@link ClockSession} for the protocol.
 * Commands are small: a text message over 4 KiB closes the connection with 1009. A connection
 * that opens while the application is stopping is closed at once ({@link Showcase#forOpening}),
 * one past a connection limit with 1013 ({@link Showcase#admit}); the callbacks of either do
 * nothing.
 */
@ServerEndpoint(value = "/clock", decoders = ClockDecoder.class, configurator = ShowcaseConfigurator.class)
public class ClockEndpoint {

    static final int MAX_COMMAND_BYTES = 4096;
    private static final Logger LOG = Logger.getLogger(ClockEndpoint.class.getName());

    /** Null if the connection opened while the application was stopping, or was refused. */
    private ClockSession clock;

    @OnOpen
    public void open(Session session) {
        Showcase showcase = Showcase.forOpening(session);
        if (showcase != null && showcase.admit(session) instanceof Admission.Admitted admitted) {
            clock = ClockSession.open(showcase, admitted.connection());
        }
    }

    @OnMessage(maxMessageSize = MAX_COMMAND_BYTES)
    public void command(ClockCommand command) {
        if (clock != null) {
            clock.command(command);
        }
    }

    /** Taken in parts so that the first part of any binary message is refused, whatever its size. */
    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        if (clock != null) {
            clock.binary();
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (clock != null) {
            clock.closed(reason);
        }
    }

    @OnError
    public void error(Throwable failure) {
        LOG.log(Level.FINE, "Clock connection failed", failure);
    }
}
