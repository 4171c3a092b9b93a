package dev.wsshowcase.chat;

import dev.wsshowcase.send.Outbound;

/** The in-process {@link Fanout}: queues each event for the room's members on this server. */
final class LocalFanout implements Fanout {

    @Override
    public void publish(Room room, Outbound event, Member except, Delivery delivery) {
        for (Member member : room.membersLocked()) {
            if (member != except) {
                delivery.queue(member.sender(), event);
            }
        }
    }
}
