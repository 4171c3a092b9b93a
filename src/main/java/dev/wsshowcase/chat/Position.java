package dev.wsshowcase.chat;

/**
 * Where a reconnecting client left off in a room: the last {@code seq} it saw and the
 * {@code epoch} of the room it saw it in (both from the welcome and the messages it got).
 * A room compares both: a seq means something only within the incarnation that numbered it.
 *
 * @param seq   the last sequence number the client saw, 0 or more
 * @param epoch the room's epoch when it saw it; never null (a client that gives no epoch gets
 *              {@link #UNKNOWN_EPOCH}, which no room has)
 */
record Position(long seq, String epoch) {

    /** The epoch of a client that gave a seq but no epoch: it matches no room. */
    static final String UNKNOWN_EPOCH = "";

    Position {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be 0 or more: " + seq);
        }
        epoch = epoch == null ? UNKNOWN_EPOCH : epoch;
    }
}
