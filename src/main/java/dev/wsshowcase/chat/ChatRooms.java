package dev.wsshowcase.chat;

import dev.wsshowcase.chat.codec.ChatEncoder;
import dev.wsshowcase.shared.Showcase;
import jakarta.websocket.CloseReason;
import java.util.HashMap;
import java.util.Map;

/**
 * The application's rooms: created by their first member, removed with their last.
 *
 * <p><b>Threading.</b> Joining and leaving take this registry's lock, then the room's (always
 * in that order), so a room is never removed while someone joins it. Messages take only the
 * room's lock.
 */
public final class ChatRooms {

    private final ChatConfig config;
    private final Fanout fanout;
    private final ChatEncoder encoder;
    private final java.time.Clock time;
    private final Map<String, Room> rooms = new HashMap<>();

    ChatRooms(ChatConfig config, Fanout fanout, ChatEncoder encoder, java.time.Clock time) {
        this.config = config;
        this.fanout = fanout;
        this.encoder = encoder;
        this.time = time;
    }

    /** The application's rooms, with the in-process {@link Fanout}. */
    static ChatRooms of(Showcase showcase) {
        return showcase.service(ChatRooms.class, app -> new ChatRooms(ChatConfig.from(app.settings()),
                new LocalFanout(), new ChatEncoder(app.jsonb()), java.time.Clock.systemUTC()));
    }

    ChatConfig config() {
        return config;
    }

    ChatEncoder encoder() {
        return encoder;
    }

    /** Joins the room named {@code roomName}, creating it if need be; see {@link Room#join}. */
    Room join(String roomName, Member member, String requestedName, Long since, Delivery delivery) throws Refused {
        synchronized (rooms) {
            Room room = rooms.get(roomName);
            if (room == null) {
                if (rooms.size() >= config.maxRooms()) {
                    throw new Refused("too-many-rooms", "the server has " + config.maxRooms() + " rooms, its limit",
                            CloseReason.CloseCodes.TRY_AGAIN_LATER);
                }
                room = new Room(roomName, config, fanout, encoder, time);
                rooms.put(roomName, room);
            }
            try {
                room.join(member, requestedName, since, delivery);
            } catch (Refused e) {
                if (room.size() == 0) {
                    rooms.remove(roomName);
                }
                throw e;
            }
            return room;
        }
    }

    /** Takes {@code member} out of {@code room}, removing the room if it is now empty. */
    void leave(Room room, Member member, Delivery delivery) {
        synchronized (rooms) {
            if (room.leave(member, delivery)) {
                rooms.remove(room.name(), room);
            }
        }
    }

    /** Rooms that exist now; for tests and monitoring. */
    int count() {
        synchronized (rooms) {
            return rooms.size();
        }
    }
}
