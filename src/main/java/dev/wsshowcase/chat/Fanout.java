package dev.wsshowcase.chat;

import dev.wsshowcase.send.Outbound;

/**
 * Carries a room's events to its members: the seam where a multi-node broker slots in.
 *
 * <p>The room calls {@link #publish} with its lock held, once per event, in the room's order,
 * with the event already serialized. An implementation must not block. {@link LocalFanout}
 * queues the event for the members connected to this server; a broker implementation would
 * also publish the text to the other nodes, each of which queues it for its own members.
 */
public interface Fanout {

    /**
     * @param room     the room whose members get the event
     * @param event    the serialized event
     * @param except   a member who does not get it (the subject of a join), or null
     * @param delivery collects the senders to start once the room's lock is released
     */
    void publish(Room room, Outbound event, Member except, Delivery delivery);
}
