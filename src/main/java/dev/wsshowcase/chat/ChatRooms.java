package dev.wsshowcase.chat;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.codec.JsonOutbound;
import jakarta.websocket.CloseReason;
import dev.wsshowcase.metrics.Metrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The application's rooms: created by their first member, removed with their last.
 *
 * <p><b>Threading.</b> The registry's lock guards only the map (look up, create, remove: no
 * encoding, no fan-out), and is never held while a room's lock is taken, so a join or leave
 * in one room never waits for another room. A room removed while someone joins it is
 * {@linkplain Room#retireIfEmpty() retired} first, under its own lock; a join that meets a
 * retired room takes it out of the map and starts a new one.
 *
 * <p><b>Metrics.</b> The application's rooms register the gauges {@code showcase_chat_rooms} and
 * {@code showcase_chat_members}, read from the map and the rooms when scraped, and count each
 * reconnection with a position ({@code showcase_chat_recoveries_total{gap}}).
 */
public final class ChatRooms implements ChatEngine {

    private final ChatConfig config;
    private final Fanout fanout;
    private final JsonOutbound json;
    private final java.time.Clock time;
    private final Recoveries recoveries;
    /** Guarded by itself. */
    private final Map<String, Room> rooms = new HashMap<>();

    ChatRooms(ChatConfig config, Fanout fanout, JsonOutbound json, java.time.Clock time) {
        this(config, fanout, json, time, gap -> { });
    }

    ChatRooms(ChatConfig config, Fanout fanout, JsonOutbound json, java.time.Clock time, Recoveries recoveries) {
        this.config = config;
        this.fanout = fanout;
        this.json = json;
        this.time = time;
        this.recoveries = recoveries;
    }

    /** Told of every join with a position: whether the member got all it missed ({@code gap} false) or not. Must not block. */
    @FunctionalInterface
    interface Recoveries {
        void recovered(boolean gap);
    }

    /** The in-process rooms of {@code showcase}, with the in-process {@link Fanout}, measured in the application's metrics. */
    static ChatRooms create(Showcase showcase) {
        Metrics metrics = showcase.metrics();
        ChatRooms rooms = new ChatRooms(ChatConfig.from(showcase.settings(), showcase.nodeId()), new LocalFanout(), showcase.json(),
                java.time.Clock.systemUTC(), metrics::recovered);
        metrics.gauge("showcase.chat.rooms", "Chat rooms that exist now (each has a member)", rooms, ChatRooms::count);
        metrics.gauge("showcase.chat.members", "Members of all chat rooms now", rooms, ChatRooms::members);
        return rooms;
    }

    @Override
    public ChatConfig config() {
        return config;
    }

    @Override
    public JsonOutbound json() {
        return json;
    }

    /** Joins the room named {@code roomName}, creating it if need be; see {@link Room#join}. */
    @Override
    public Room join(String roomName, Member member, String requestedName, Position resume, Delivery delivery) throws Refused {
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
    @Override
    public void leave(ChatRoom chatRoom, Member member, Delivery delivery) {
        Room room = (Room) chatRoom;
        if (room.leave(member, delivery)) {
            remove(room);
        }
    }

    /** Members of every room now; the rooms are read one at a time, never under the registry's lock. */
    int members() {
        List<Room> now;
        synchronized (rooms) {
            now = new ArrayList<>(rooms.values());
        }
        int members = 0;
        for (Room room : now) {
            members += room.size();
        }
        return members;
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
                room = new Room(roomName, config, fanout, json, time, recoveries);
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
