package dev.wsshowcase.chat;

import dev.wsshowcase.shared.SessionSender;

/**
 * One connection in a room. Its name and key change only under the room's lock (rename);
 * {@link #name()} is safe to read from any thread.
 */
final class Member {

    private final SessionSender sender;
    private volatile String name;
    private volatile String key;
    /** Guarded by the room's lock. */
    long lastTypingNanos = Long.MIN_VALUE;

    Member(SessionSender sender) {
        this.sender = sender;
    }

    SessionSender sender() {
        return sender;
    }

    String name() {
        return name;
    }

    String key() {
        return key;
    }

    void name(String name) {
        this.name = name;
        this.key = Names.key(name);
    }
}
