package dev.wsshowcase.chat;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.codec.JsonOutbound;
import jakarta.websocket.CloseReason;
import java.util.HashMap;
import java.util.Map;

/**
 * The application's rooms: created by their first member, removed with their last.
 *
 * <p><b>Threading.</b> The registry's lock guards only the map (look up, create, remove: no
 * encoding, no fan-out), and is never held while a room's lock is taken, so a join or leave
 * in one room never waits for another room. A room removed while someone joins it is
 * {@linkplain Room#retireIfEmpty() retired} first, under its own lock; a join that meets a
 * retired room takes it out of the map and starts a new one.
 */
public final class ChatRooms {

    private final ChatConfig config;
    private final Fanout fanout;
    private final JsonOutbound json;
    private final java.time.Clock time;
    /** Guarded by itself. */
    private final Map<String, Room> rooms = new HashMap<>();

    ChatRooms(ChatConfig config, Fanout fanout, JsonOutbound json, java.time.Clock time) {
        this.config = config;
        this.fanout = fanout;
        this.json = json;
        this.time = time;
    }

    /** The application's rooms, with the in-process {@link Fanout}. */
    static ChatRooms of(Showcase showcase) {
        return showcase.service(ChatRooms.class, app -> new ChatRooms(ChatConfig.from(app.settings()),
                new LocalFanout(), app.json(), java.time.Clock.systemUTC()));
    }

    ChatConfig config() {
        return config;
    }

    JsonOutbound json() {
        return json;
    }

    /** Joins the room named {@code roomName}, creating it if need be; see {@link Room#join}. */
    Room join(String roomName, Member member, String requestedName, Position resume, Delivery delivery) throws Refused {
        while (true) {
            Room room = roomNamed(roomName);
            boolean joined;
            try {
                joined = room.join(member, requestedName, resume, delivery);
            } catch (Refused e) {
                if (room.retireIfEmpty()) {
                    remove(room);
                }
                throw e;
            }
            if (joined) {
                return room;
            }
            remove(room); // retired by its last member's leave, which may not have removed it yet
        }
    }

    /** Takes {@code member} out of {@code room}, removing the room if it is now empty. */
    void leave(Room room, Member member, Delivery delivery) {
        if (room.leave(member, delivery)) {
            remove(room);
        }
    }

    /** Rooms that exist now; for tests and monitoring. */
    int count() {
        synchronized (rooms) {
            return rooms.size();
        }
    }

    private Room roomNamed(String roomName) throws Refused {
        synchronized (rooms) {
            Room room = rooms.get(roomName);
            if (room == null) {
                if (rooms.size() >= config.maxRooms()) {
                    throw new Refused("too-many-rooms", "the server has " + config.maxRooms() + " rooms, its limit",
                            CloseReason.CloseCodes.TRY_AGAIN_LATER);
                }
                room = new Room(roomName, config, fanout, json, time);
                rooms.put(roomName, room);
            }
            return room;
        }
    }

    private void remove(Room room) {
        synchronized (rooms) {
            rooms.remove(room.name(), room);
        }
    }
}
