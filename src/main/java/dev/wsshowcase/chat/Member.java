package dev.wsshowcase.chat;

import dev.wsshowcase.send.SessionSender;

/**
 * One connection in a room. Its name and key change only under the room's lock (rename);
 * {@link #name()} is safe to read from any thread.
 */
public final class Member {

    private final SessionSender sender;
    /** The container authenticated this member: its name is its principal's and cannot change. */
    private final boolean signedIn;
    private volatile String name;
    private volatile String key;
    /** Guarded by the room's lock (the engine's, for a room of another engine). */
    public long lastTypingNanos = Long.MIN_VALUE;

    public Member(SessionSender sender) {
        this(sender, false);
    }

    public Member(SessionSender sender, boolean signedIn) {
        this.sender = sender;
        this.signedIn = signedIn;
    }

    public boolean signedIn() {
        return signedIn;
    }

    public SessionSender sender() {
        return sender;
    }

    public String name() {
        return name;
    }

    public String key() {
        return key;
    }

    public void name(String name) {
        this.name = name;
        this.key = Names.key(name);
    }
}
