package dev.wsshowcase.chat;

import dev.wsshowcase.codec.InvalidMessage;

/**
 * A room as a member's session sees it, once joined through a {@link ChatEngine}: the commands
 * a member can give. Invalid input throws {@link InvalidMessage}; the caller answers it.
 * Events are queued on the given {@link Delivery}, or directly on the members' senders by an
 * engine that completes the command later (then errors reach the member as messages too).
 */
public interface ChatRoom {

    String name();

    /** A chat message from {@code member}: numbered, kept in history, sent to everyone including its sender. */
    void post(Member member, String text, Delivery delivery) throws InvalidMessage;

    void rename(Member member, String requestedName, Delivery delivery) throws InvalidMessage;

    /** A private message to the member named {@code to}, with a copy to its sender. */
    void whisper(Member member, String to, String text, Delivery delivery) throws InvalidMessage;

    /** Tells the others that {@code member} is typing, at most once per configured interval. */
    void typing(Member member, long nowNanos, Delivery delivery);
}
