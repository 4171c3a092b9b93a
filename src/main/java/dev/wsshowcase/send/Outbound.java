package dev.wsshowcase.send;

import dev.wsshowcase.text.Utf8;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.nio.ByteBuffer;

/**
 * A message ready to be sent, encoded once. One instance may be queued for any number of
 * sessions: a broadcast serializes its event once and hands the same {@code Outbound} to every
 * recipient's {@link SessionSender}.
 */
public sealed interface Outbound {

    /** The payload size in bytes (UTF-8 for text), used for queue bounds. */
    int size();

    /** Starts sending this message; the handler is told the result exactly once. */
    void sendAsync(RemoteEndpoint.Async remote, SendHandler handler);

    static Outbound text(String text) {
        return new Text(text, Utf8.length(text));
    }

    /** A binary message; the buffer's remaining bytes are sent and it must not change afterwards. */
    static Outbound binary(ByteBuffer data) {
        return new Binary(data.asReadOnlyBuffer());
    }

    record Text(String text, int size) implements Outbound {
        @Override
        public void sendAsync(RemoteEndpoint.Async remote, SendHandler handler) {
            remote.sendText(text, handler);
        }
    }

    record Binary(ByteBuffer data) implements Outbound {
        @Override
        public int size() {
            return data.remaining();
        }

        @Override
        public void sendAsync(RemoteEndpoint.Async remote, SendHandler handler) {
            // Each send gets its own position and limit, so one buffer can go to many sessions.
            remote.sendBinary(data.duplicate(), handler);
        }
    }
}
