package dev.wsshowcase.chat;

import dev.wsshowcase.send.Outbound;
import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.send.SharedSends;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The messages one room operation queued, with the senders that must start sending once the
 * room's lock is released: events are queued in the room's order under the lock, and no I/O
 * starts while it is held. A broadcast to many hands its sends to the send pool
 * ({@link SharedSends#handOff}), so the thread that read it goes on to the next message while
 * they start; a member not yet drained when the next comes gets both in one write where the
 * container batches.
 */
public final class Delivery {

    private static final Logger LOG = Logger.getLogger(Delivery.class.getName());

    private final SharedSends sends;
    private List<SessionSender> toFlush = new ArrayList<>();

    /** A delivery whose sends the calling thread starts alone. */
    public Delivery() {
        this(SharedSends.CALLER);
    }

    public Delivery(SharedSends sends) {
        this.sends = sends;
    }

    public void queue(SessionSender sender, Outbound message) {
        if (sender.enqueue(message) == SessionSender.Queued.FLUSH) {
            toFlush.add(sender);
        }
    }

    /** Call holding no lock. */
    public void flush() {
        List<SessionSender> senders = toFlush;
        if (senders.isEmpty()) {
            return;
        }
        toFlush = new ArrayList<>();
        if (!sends.handOff(senders.size(), i -> senders.get(i).flush())) {
            LOG.warning("A chat event's sends to " + senders.size() + " members were not all started within "
                    + SharedSends.TIMEOUT_MILLIS + " ms");
        }
    }
}
