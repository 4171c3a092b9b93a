package dev.wsshowcase.echo;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.connection.Connection;
import dev.wsshowcase.send.Outbound;
import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.text.Utf8;
import jakarta.websocket.CloseReason;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One echo connection: assembles each incoming message from the parts the container delivers
 * and queues it back whole.
 *
 * <p><b>Limit.</b> A message whose size passes {@code limit} bytes (text measured in UTF-8) is
 * not echoed: the connection is closed with 1009 (message too big) after the replies already
 * queued, and further input is ignored. At most {@code limit} bytes are held per connection.
 *
 * <p><b>Threading.</b> The container delivers one message part at a time per session, so the
 * assembly state needs no lock; replies go through the {@link SessionSender}, which may be
 * used from any thread.
 */
final class EchoSession {

    private static final Logger LOG = Logger.getLogger(EchoSession.class.getName());

    private final Connection connection;
    private final SessionSender sender;
    private final int limit;

    private final StringBuilder text = new StringBuilder();
    private long textBytes;
    private ByteBuffer binary;
    private boolean closing;

    EchoSession(Connection connection, int limit) {
        this.connection = connection;
        this.sender = connection.sender();
        this.limit = limit;
    }

    static EchoSession open(Showcase showcase, Connection connection) {
        return new EchoSession(connection, showcase.settings().get(EchoSettings.MAX_MESSAGE_BYTES));
    }

    /** Takes one part of a text message; an unexpected exception closes this connection alone with 1011. */
    void text(String part, boolean last) {
        connection.receive(Utf8.length(part), last, () -> handleText(part, last), this::abandon);
    }

    private void handleText(String part, boolean last) {
        if (closing) {
            return;
        }
        textBytes += Utf8.length(part);
        if (textBytes > limit) {
            tooBig();
            return;
        }
        if (last && text.isEmpty()) {
            sender.send(Outbound.text(part));
        } else {
            text.append(part);
            if (last) {
                sender.send(Outbound.text(text.toString()));
                text.setLength(0);
            }
        }
        if (last) {
            textBytes = 0;
        }
    }

    /** Takes one part of a binary message; an unexpected exception closes this connection alone with 1011. */
    void binary(ByteBuffer part, boolean last) {
        connection.receive(part.remaining(), last, () -> handleBinary(part, last), this::abandon);
    }

    private void handleBinary(ByteBuffer part, boolean last) {
        if (closing) {
            return;
        }
        int held = binary == null ? 0 : binary.position();
        if ((long) held + part.remaining() > limit) {
            tooBig();
            return;
        }
        if (last && binary == null) {
            // The container may reuse its buffer after we return: echo a copy.
            sender.send(Outbound.binary(copyOf(part)));
            return;
        }
        if (binary == null || binary.remaining() < part.remaining()) {
            binary = grow(binary, held + part.remaining());
        }
        binary.put(part);
        if (last) {
            binary.flip();
            sender.send(Outbound.binary(binary));
            binary = null;
        }
    }

    void closed(CloseReason reason) {
        connection.closed(reason);
        release();
    }

    void failed(Throwable failure) {
        LOG.log(Level.FINE, "Echo session " + sender.session().getId() + " failed", failure);
    }

    private void tooBig() {
        abandon();
        sender.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message larger than " + limit + " bytes"));
    }

    /** Takes no more input and lets go of what is held. */
    private void abandon() {
        closing = true;
        release();
    }

    private void release() {
        text.setLength(0);
        text.trimToSize();
        binary = null;
    }

    private static ByteBuffer copyOf(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source);
        return copy.flip();
    }

    /** A larger buffer holding what {@code current} holds, sized by doubling up to the need. */
    private ByteBuffer grow(ByteBuffer current, int needed) {
        int capacity = Math.max(needed, current == null ? 0 : (int) Math.min(limit, current.capacity() * 2L));
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, Math.min(limit, 8192)));
        if (current != null) {
            current.flip();
            bigger.put(current);
        }
        return bigger;
    }
}
