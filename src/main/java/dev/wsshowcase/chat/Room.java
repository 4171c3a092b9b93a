package dev.wsshowcase.chat;

import dev.wsshowcase.chat.codec.ChatEvent;
import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.codec.JsonOutbound;
import dev.wsshowcase.send.Outbound;
import jakarta.websocket.CloseReason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One chat room: its members by nickname, its message sequence and its history.
 *
 * <p><b>Threading.</b> Every operation runs under the room's lock, so that a name is claimed
 * atomically (of two clients racing for one name exactly one wins) and every member sees the
 * room's events in one order, the order of their sequence numbers. Under the lock an event is
 * serialized once and queued for each recipient through the {@link Fanout}; the sends start
 * after the lock is released ({@link Delivery#flush()}, called by the caller). Nothing under
 * the lock blocks or waits for a client. Each room has a lock of its own: nothing one room
 * does waits for another.
 *
 * <p><b>Epoch.</b> A room lives from its first member to its last; the next member to come
 * starts a new room of the same name whose sequence numbers start again at 1. Each such
 * incarnation has an {@link #epoch()}, a random opaque string that the welcome carries, so a
 * client reconnecting with a {@link Position} from an earlier incarnation is told that it
 * missed everything ({@code gap}) instead of being handed the new room's messages as the ones
 * it missed.
 */
public final class Room implements ChatRoom {

    private final String name;
    private final ChatConfig config;
    private final Fanout fanout;
    private final JsonOutbound json;
    private final java.time.Clock time;
    private final ChatRooms.Recoveries recoveries;
    private final String epoch = newEpoch();

    private final Map<String, Member> members = new LinkedHashMap<>();
    private final ArrayDeque<ChatEvent.Message> history = new ArrayDeque<>();
    private long seq;
    /** The room was emptied and left the registry: nobody may join it any more (a new room takes its name). */
    private boolean retired;

    Room(String name, ChatConfig config, Fanout fanout, JsonOutbound json, java.time.Clock time, ChatRooms.Recoveries recoveries) {
        this.recoveries = recoveries;
        this.name = name;
        this.config = config;
        this.fanout = fanout;
        this.json = json;
        this.time = time;
    }

    @Override
    public String name() {
        return name;
    }

    /** This incarnation of the room (see the class comment). */
    String epoch() {
        return epoch;
    }

    /** The members on this server; the caller holds the room's lock (the {@link Fanout} does). */
    Collection<Member> membersLocked() {
        return members.values();
    }

    synchronized int size() {
        return members.size();
    }

    /**
     * Adds {@code member} under the nickname it asked for if that is valid and free, otherwise
     * under a guest name (with an error saying why), and queues its welcome and the join notice.
     * A signed-in member joins under its principal's name as given, or not at all if that name
     * is already in the room.
     *
     * <p>The welcome's history: without {@code resume}, all that is kept. With a position of
     * this incarnation, exactly the messages after it, and {@code gap} if some of them are no
     * longer kept. With a position of another incarnation (or one this room never reached),
     * everything that is kept and {@code gap}: the client must start over.
     *
     * @param resume where a reconnecting client left off, or null for a fresh join
     * @return false, with nothing done, if the room has been retired: join a new one
     */
    synchronized boolean join(Member member, String requestedName, Position resume, Delivery delivery) throws Refused {
        if (retired) {
            return false;
        }
        if (members.size() >= config.maxMembers()) {
            throw new Refused("room-full", "room '" + name + "' has " + config.maxMembers() + " members, its limit",
                    CloseReason.CloseCodes.TRY_AGAIN_LATER);
        }
        String nickname = null;
        if (member.signedIn()) {
            if (members.containsKey(Names.key(requestedName))) {
                throw new Refused("name-taken", "'" + requestedName + "' is already in room '" + name + "'",
                        CloseReason.CloseCodes.VIOLATED_POLICY);
            }
            nickname = requestedName;
        } else if (requestedName != null) {
            try {
                nickname = Names.nickname(requestedName, "name");
                if (members.containsKey(Names.key(nickname))) {
                    throw nameTaken(nickname);
                }
            } catch (InvalidMessage e) {
                delivery.queue(member.sender(), encode(e.toErrorMessage()));
                nickname = null;
            }
        }
        member.name(nickname != null ? nickname : guestName());
        members.put(member.key(), member);

        Position.Recovery recovery = Position.recover(resume, epoch, seq, List.copyOf(history));
        if (resume != null) {
            recoveries.recovered(recovery.gap());
        }
        List<String> names = members.values().stream()
                .sorted(Comparator.comparing(Member::key, Comparator.naturalOrder()).thenComparing(Member::name, Comparator.naturalOrder()))
                .map(Member::name).toList();
        delivery.queue(member.sender(), encode(new ChatEvent.Welcome(name, member.name(), names, recovery.missed(), seq, epoch, recovery.gap(), config.node())));
        fanout.publish(this, encode(new ChatEvent.Join(member.name(), now())), member, delivery);
        return true;
    }

    /**
     * Removes {@code member} and tells the others. The last member out retires the room.
     *
     * @return true if the room is now retired: the caller takes it out of the registry
     */
    synchronized boolean leave(Member member, Delivery delivery) {
        if (members.get(member.key()) == member) {
            members.remove(member.key());
            fanout.publish(this, encode(new ChatEvent.Leave(member.name(), now())), null, delivery);
        }
        return retireIfEmpty();
    }

    /** Retires the room if nobody is in it; true if it is retired. */
    synchronized boolean retireIfEmpty() {
        if (members.isEmpty()) {
            retired = true;
        }
        return retired;
    }

    /** A chat message from {@code member}: numbered, kept in history, sent to everyone including its sender. */
    @Override
    public synchronized void post(Member member, String text, Delivery delivery) {
        if (members.get(member.key()) != member) {
            return;
        }
        ChatEvent.Message message = new ChatEvent.Message(++seq, now(), member.name(), text);
        if (config.history() > 0) {
            if (history.size() == config.history()) {
                history.removeFirst();
            }
            history.addLast(message);
        }
        fanout.publish(this, encode(message), null, delivery);
    }

    @Override
    public synchronized void rename(Member member, String requestedName, Delivery delivery) throws InvalidMessage {
        if (member.signedIn()) {
            throw new InvalidMessage("rename-not-allowed", "name", "signed-in members keep the name they signed in with");
        }
        String nickname = Names.nickname(requestedName, "name");
        String key = Names.key(nickname);
        if (nickname.equals(member.name())) {
            return;
        }
        Member holder = members.get(key);
        if (holder != null && holder != member) {
            throw nameTaken(nickname);
        }
        String previous = member.name();
        members.remove(member.key());
        member.name(nickname);
        members.put(key, member);
        fanout.publish(this, encode(new ChatEvent.Rename(previous, nickname, now())), null, delivery);
    }

    /** A private message to the member named {@code to}, with a copy to its sender. */
    @Override
    public synchronized void whisper(Member member, String to, String text, Delivery delivery) throws InvalidMessage {
        Member recipient = members.get(Names.key(to));
        if (recipient == null) {
            throw new InvalidMessage("unknown-member", "to", "nobody named '" + InvalidMessage.excerpt(to) + "' is in this room");
        }
        Outbound event = encode(new ChatEvent.Private(member.name(), recipient.name(), text, now()));
        delivery.queue(recipient.sender(), event);
        if (recipient != member) {
            delivery.queue(member.sender(), event);
        }
    }

    /** Tells the others that {@code member} is typing, at most once per configured interval. */
    @Override
    public synchronized void typing(Member member, long nowNanos, Delivery delivery) {
        if (member.lastTypingNanos != Long.MIN_VALUE && nowNanos - member.lastTypingNanos < config.typingIntervalNanos()) {
            return;
        }
        member.lastTypingNanos = nowNanos;
        fanout.publish(this, encode(new ChatEvent.Typing(member.name())), member, delivery);
    }

    private String guestName() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int digits = 4; ; digits++) {
            for (int attempt = 0; attempt < 20; attempt++) {
                String candidate = "guest-" + random.nextInt((int) Math.pow(10, digits - 1), (int) Math.pow(10, digits));
                if (!members.containsKey(Names.key(candidate))) {
                    return candidate;
                }
            }
        }
    }

    private static InvalidMessage nameTaken(String nickname) {
        return new InvalidMessage("name-taken", "name", "'" + nickname + "' is taken in this room (names ignore letter case)");
    }

    private Outbound encode(Object event) {
        return json.encode(event);
    }

    /** 64 random bits, URL-safe: opaque to clients, and different for every incarnation of a room. */
    private static String newEpoch() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String now() {
        return Instant.now(time).truncatedTo(ChronoUnit.MILLIS).toString();
    }

}
