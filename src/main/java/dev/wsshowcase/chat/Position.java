package dev.wsshowcase.chat;

import dev.wsshowcase.chat.codec.ChatEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a reconnecting client left off in a room: the last {@code seq} it saw and the
 * {@code epoch} of the room it saw it in (both from the welcome and the messages it got).
 * A room compares both: a seq means something only within the incarnation that numbered it.
 *
 * @param seq   the last sequence number the client saw, 0 or more
 * @param epoch the room's epoch when it saw it; never null (a client that gives no epoch gets
 *              {@link #UNKNOWN_EPOCH}, which no room has)
 */
public record Position(long seq, String epoch) {

    /** The epoch of a client that gave a seq but no epoch: it matches no room. */
    public static final String UNKNOWN_EPOCH = "";

    public Position {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be 0 or more: " + seq);
        }
        epoch = epoch == null ? UNKNOWN_EPOCH : epoch;
    }

    /**
     * What a member joining with {@code resume} (or null, a first join) gets of a room's kept
     * {@code history} (oldest first), the room being at {@code lastSeq} in {@code epoch}: every
     * engine applies this one rule. No position: all that is kept, no gap. Another epoch (or
     * none), or a seq this room never reached: all that is kept, and a gap. Otherwise the
     * messages after the position's seq, and a gap if some of them are no longer kept.
     */
    public static Recovery recover(Position resume, String epoch, long lastSeq, List<ChatEvent.Message> history) {
        if (resume == null) {
            return new Recovery(List.copyOf(history), false);
        }
        if (!resume.epoch().equals(epoch) || resume.seq() > lastSeq) {
            return new Recovery(List.copyOf(history), true);
        }
        List<ChatEvent.Message> missed = new ArrayList<>();
        if (resume.seq() == lastSeq) {
            return new Recovery(missed, false);
        }
        long oldest = history.isEmpty() ? lastSeq + 1 : history.get(0).seq();
        for (ChatEvent.Message message : history) {
            if (message.seq() > resume.seq()) {
                missed.add(message);
            }
        }
        return new Recovery(missed, resume.seq() + 1 < oldest);
    }

    /** The messages a joining member is given, and whether some it missed are no longer kept. */
    public record Recovery(List<ChatEvent.Message> missed, boolean gap) {
    }
}
