package dev.wsshowcase.chat;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.chat.codec.ChatCommand;
import dev.wsshowcase.codec.ErrorMessage;
import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.connection.Connection;
import dev.wsshowcase.connection.TextBuffer;
import dev.wsshowcase.handshake.QueryParameters;
import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.send.SharedSends;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One chat connection: admits it to its room, checks every command against the limits and the
 * rate, and hands valid ones to the room.
 *
 * <p>Bad input gets an error message and the connection stays open. A frame over the size
 * limit closes with 1009, a binary message with 1003, and a member that goes on sending past
 * its rate (refused more than a burst's worth of messages without a calm second) with 1008.
 *
 * <p><b>Threading.</b> The container calls one method at a time per session; leaving may also
 * happen on the sender's close executor when it drops a slow client.
 */
final class ChatSession {

    private final ChatEngine rooms;
    private final Connection connection;
    private final SessionSender sender;
    private final Member member;
    private final RateLimiter rate;
    /** Who starts the sends of what this member's commands deliver. */
    private final SharedSends sends;
    /** Set at open by the container's thread; cleared by whoever leaves first (close, or the sender dropping a slow client). */
    private final AtomicReference<ChatRoom> room = new AtomicReference<>();

    private ChatSession(ChatEngine rooms, Connection connection, boolean signedIn, SharedSends sends) {
        this.rooms = rooms;
        this.sends = sends;
        this.connection = connection;
        this.sender = connection.sender();
        this.member = new Member(sender, signedIn);
        ChatConfig config = rooms.config();
        this.rate = new RateLimiter(config.ratePerSecond(), config.rateBurst(), System.nanoTime());
        sender.onDropped(this::leave);
    }

    /**
     * Opens a chat connection. When the container authenticated the handshake (a
     * security-constraint on the chat's URL), the member's name is the principal's name,
     * {@code ?name=} is ignored and renames are refused.
     */
    static ChatSession open(Showcase showcase, Connection connection, String roomName) {
        Session session = connection.session();
        // Whole frames up to the limit and one character more, so that the chat, not the container, refuses a larger one.
        TextBuffer.fit(session, showcase.settings().get(ChatSettings.MAX_MESSAGE_BYTES) + 1);
        Principal principal = session.getUserPrincipal();
        String name = principal != null ? principal.getName() : QueryParameters.first(session, "name");
        return open(ChatEngines.of(showcase), connection, roomName, name,
                QueryParameters.first(session, "since"), QueryParameters.first(session, "epoch"), principal != null,
                showcase.sharedSends());
    }

    static ChatSession open(ChatEngine rooms, Connection connection, String roomPathParameter, String name, String sinceText) {
        return open(rooms, connection, roomPathParameter, name, sinceText, null, false);
    }

    /**
     * @param sinceText the {@code since} parameter: the last seq a reconnecting client saw, or null
     * @param epoch     the {@code epoch} parameter: the room's epoch when it saw it, or null
     */
    static ChatSession open(ChatEngine rooms, Connection connection, String roomPathParameter, String name, String sinceText,
                            String epoch, boolean signedIn) {
        return open(rooms, connection, roomPathParameter, name, sinceText, epoch, signedIn, SharedSends.CALLER);
    }

    /** @param sends who starts the sends of what this member's commands deliver */
    static ChatSession open(ChatEngine rooms, Connection connection, String roomPathParameter, String name, String sinceText,
                            String epoch, boolean signedIn, SharedSends sends) {
        ChatSession chat = new ChatSession(rooms, connection, signedIn, sends);
        String roomName = Names.decodeRoom(roomPathParameter);
        if (!Names.isValidRoom(roomName)) {
            chat.refuse(new Refused("invalid-room", "a room name is 1 to 32 letters, digits, _ or -, starting with a letter or digit",
                    CloseCodes.VIOLATED_POLICY));
            return chat;
        }
        Position resume = null;
        if (sinceText != null) {
            try {
                long since = Long.parseLong(sinceText);
                if (since < 0) {
                    throw new NumberFormatException();
                }
                resume = new Position(since, epoch);
            } catch (NumberFormatException e) {
                chat.reply(new ErrorMessage(ErrorMessage.INVALID_FIELD, "since",
                        "'since' must be the last sequence number seen, a whole number from 0"));
            }
        }
        Delivery delivery = new Delivery(sends);
        try {
            chat.room.set(rooms.join(roomName, chat.member, name, resume, delivery));
        } catch (Refused e) {
            chat.refuse(e);
        } finally {
            delivery.flush();
        }
        return chat;
    }

    /** Handles one command; an unexpected exception closes this connection alone with 1011 ({@link Connection#receive}). */
    void command(ChatCommand command) {
        connection.receive(() -> handle(command), this::leave);
    }

    private void handle(ChatCommand command) {
        ChatRoom room = this.room.get();
        if (room == null) {
            return;
        }
        if (command instanceof ChatCommand.TooBig tooBig) {
            leave();
            sender.close(new CloseReason(CloseCodes.TOO_BIG, "message larger than " + tooBig.limit() + " bytes"));
            return;
        }
        long now = System.nanoTime();
        if (!rate.tryAcquire(now)) {
            if (rate.refusedInStreak() == 1) {
                reply(new ErrorMessage("rate-limited", null, "more than " + rooms.config().ratePerSecond()
                        + " messages a second; messages are dropped until you slow down"));
            } else if (rate.refusedInStreak() > rooms.config().rateBurst()) {
                leave();
                sender.close(new CloseReason(CloseCodes.VIOLATED_POLICY, "message rate exceeded"));
            }
            return;
        }
        Delivery delivery = new Delivery(sends);
        try {
            int maxChars = rooms.config().maxTextChars();
            if (command instanceof ChatCommand.Say say) {
                room.post(member, Names.text(say.text(), "text", maxChars), delivery);
            } else if (command instanceof ChatCommand.Rename rename) {
                room.rename(member, rename.name(), delivery);
            } else if (command instanceof ChatCommand.Private whisper) {
                room.whisper(member, whisper.to(), Names.text(whisper.text(), "text", maxChars), delivery);
            } else if (command instanceof ChatCommand.Typing) {
                room.typing(member, now, delivery);
            } else if (command instanceof ChatCommand.Invalid invalid) {
                reply(invalid.error().toErrorMessage());
            }
        } catch (InvalidMessage e) {
            reply(e.toErrorMessage());
        } finally {
            delivery.flush();
        }
    }

    void binary() {
        connection.refuseBinary(this::leave, "chat accepts text messages only");
    }

    void closed(CloseReason reason) {
        leave();
        connection.closed(reason);
    }

    /** Leaves the room, once, from whichever thread gets here first; false if it was left already (or never joined). */
    private boolean leave() {
        ChatRoom left = room.getAndSet(null);
        if (left == null) {
            return false;
        }
        Delivery delivery = new Delivery(sends);
        rooms.leave(left, member, delivery);
        delivery.flush();
        return true;
    }

    private void refuse(Refused refused) {
        reply(refused.toErrorMessage());
        sender.close(refused.toCloseReason());
    }

    private void reply(Object message) {
        sender.send(rooms.json().encode(message));
    }

}
