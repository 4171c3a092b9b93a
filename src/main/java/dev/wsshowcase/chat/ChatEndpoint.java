package dev.wsshowcase.chat;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.chat.codec.ChatCommand;
import dev.wsshowcase.chat.codec.ChatDecoder;
import dev.wsshowcase.connection.Admission;
import dev.wsshowcase.connection.Connection;
import dev.wsshowcase.handshake.ShowcaseConfigurator;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /chat/{room}?name=alice&since=42}: a chat room; see the README for the protocol and
 * {@link ChatSession} for the rules. A connection that opens while the application is stopping
 * is closed at once ({@link Showcase#forOpening}), one past a connection limit with 1013
 * ({@link Showcase#admit}); the callbacks of either do nothing.
 */
@ServerEndpoint(value = "/chat/{room}", decoders = ChatDecoder.class,
        configurator = ShowcaseConfigurator.class)
public class ChatEndpoint {

    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());

    /** Null if the connection opened while the application was stopping, or was refused. */
    private ChatSession chat;
    /**
     * The admitted connection, set before the chat opens: a chat that refuses its client (an
     * invalid room name, a full room) closes the session inside {@link #open}, and some
     * containers (Tyrus, so Payara) call {@link #close} right there, before {@link #chat} is
     * set; the connection must still be given back.
     */
    private Connection connection;

    @OnOpen
    public void open(Session session, @PathParam("room") String room) {
        Showcase showcase = Showcase.forOpening(session);
        if (showcase != null && showcase.admit(session) instanceof Admission.Admitted admitted) {
            connection = admitted.connection();
            chat = ChatSession.open(showcase, connection, room);
        }
    }

    @OnMessage
    public void command(ChatCommand command) {
        if (chat != null) {
            chat.command(command);
        }
    }

    /** Taken in parts so that the first part of any binary message is refused, whatever its size. */
    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        if (chat != null) {
            chat.binary();
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (chat != null) {
            chat.closed(reason);
        } else if (connection != null) {
            connection.closed(reason);
        }
    }

    @OnError
    public void error(Throwable failure) {
        LOG.log(Level.FINE, "Chat connection failed", failure);
    }
}
