package dev.wsshowcase.connection;

import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;

/**
 * The container's text buffer per connection: small by default, raised by the endpoints that
 * take whole messages to what they accept.
 *
 * <p>Tomcat allocates a session's text buffer (two bytes per character) when the connection
 * opens, and again at the first message after the session's size changed. Its default of 8,192
 * characters costs 16 KiB per connection, idle or not. The application's container default is
 * {@link #DEFAULT_CHARS}; the echo takes messages in parts (a smaller buffer only means smaller
 * parts), and the clock and the chat raise their own connections' buffers at open
 * ({@link #fit}), so every size limit and every 1009 stays where it was, on every container.
 */
public final class TextBuffer {

    /** The application's default text buffer, in characters. */
    public static final int DEFAULT_CHARS = 1024;

    private TextBuffer() {
    }

    /** Sets the container's default for the application's connections; call it at deploy, before any connection. */
    public static void useDefault(ServerContainer container) {
        container.setDefaultMaxTextMessageBufferSize(DEFAULT_CHARS);
    }

    /** Raises {@code session}'s text buffer to hold a whole message of {@code chars} characters. */
    public static void fit(Session session, int chars) {
        if (session.getMaxTextMessageBufferSize() < chars) {
            session.setMaxTextMessageBufferSize(chars);
        }
    }
}
