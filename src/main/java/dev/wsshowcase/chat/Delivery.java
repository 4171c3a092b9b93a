package dev.wsshowcase.chat;

import dev.wsshowcase.send.Outbound;
import dev.wsshowcase.send.SessionSender;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages one room operation queued, with the senders that must start sending once the
 * room's lock is released: events are queued in the room's order under the lock, and no I/O
 * starts while it is held.
 */
public final class Delivery {

    private final List<SessionSender> toFlush = new ArrayList<>();

    public void queue(SessionSender sender, Outbound message) {
        if (sender.enqueue(message) == SessionSender.Queued.FLUSH) {
            toFlush.add(sender);
        }
    }

    /** Call holding no lock. */
    public void flush() {
        for (SessionSender sender : toFlush) {
            sender.flush();
        }
        toFlush.clear();
    }
}
