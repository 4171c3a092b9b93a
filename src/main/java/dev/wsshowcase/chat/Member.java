package dev.wsshowcase.chat;

import dev.wsshowcase.send.SessionSender;

/**
 * One connection in a room. Its name and key change only under the room's lock (rename);
 * {@link #name()} is safe to read from any thread.
 */
final class Member {

    private final SessionSender sender;
    /** The container authenticated this member: its name is its principal's and cannot change. */
    private final boolean signedIn;
    private volatile String name;
    private volatile String key;
    /** Guarded by the room's lock. */
    long lastTypingNanos = Long.MIN_VALUE;

    Member(SessionSender sender) {
        this(sender, false);
    }

    Member(SessionSender sender, boolean signedIn) {
        this.sender = sender;
        this.signedIn = signedIn;
    }

    boolean signedIn() {
        return signedIn;
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
