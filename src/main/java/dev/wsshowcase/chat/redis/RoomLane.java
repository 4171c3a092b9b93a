package dev.wsshowcase.chat.redis;

import dev.wsshowcase.chat.ChatRoom;
import dev.wsshowcase.chat.Delivery;
import dev.wsshowcase.chat.Member;
import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.send.Outbound;
import dev.wsshowcase.send.SharedSends;
import jakarta.websocket.CloseReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One room as this node holds it: the room's members connected here, and the lane that
 * delivers the room's publications to them in the order Redis numbered them.
 *
 * <p><b>Threading.</b> Lettuce's event loop hands each publication to {@link #offer}, which
 * only appends it to a bounded inbox and, if no drain is scheduled, schedules one on the
 * engine's executor: nothing on the event loop waits or sends. The drain takes the lane's lock,
 * checks each publication against the last one delivered ({@code pub} one more, same epoch),
 * queues it for the members it is for, and starts the sends after releasing the lock. Joins
 * ({@link #admit}) take the same lock, so a member's welcome is queued before any event after
 * it. Only one drain runs at a time per lane; lanes of different rooms drain in parallel.
 *
 * <p><b>Out of step.</b> A publication missing (a gap in {@code pub}, after a reconnect or a
 * pub/sub disconnect by Redis), another epoch (Redis lost the room), or an inbox overflowing:
 * this node can no longer promise its members the room's one order. It closes the room's
 * sockets here with 1012 after a random delay of up to {@link RedisChatEngine#REJOIN_SPREAD_MILLIS},
 * so that the clients reconnect, spread out, and recover by {@code since} and {@code epoch}.
 */
final class RoomLane implements ChatRoom {

    /** Publications a lane keeps for members whose join snapshot is older than what it delivered. */
    static final int REPLAY = 1024;

    /** A member of this room on this node; {@code after} is the publication its welcome reflects. */
    record Local(Member member, String memberId, long after) {
    }

    private final String name;
    private final RedisChatEngine engine;
    private final Executor executor;
    private final SharedSends sends;
    private final int capacity;

    /** Guarded by {@code this}. */
    private final ArrayDeque<Publication> inbox = new ArrayDeque<>();
    private boolean draining;
    private boolean overflowed;
    private final Map<Member, Local> members = new LinkedHashMap<>();
    /** The epoch and publication delivered last; null and -1 before the first (or after being out of step). */
    private String epoch;
    private long lastPub = -1;
    /** The last {@link #REPLAY} publications delivered, for members whose join snapshot is older. */
    private final ArrayDeque<Publication> recent = new ArrayDeque<>();
    /** Joins under way, which keep the lane from being retired. */
    private int pending;
    private CompletableFuture<Void> subscribed;

    /** @param sends who starts the sends of a publication to this node's members */
    RoomLane(String name, RedisChatEngine engine, Executor executor, SharedSends sends, int capacity) {
        this.name = name;
        this.engine = engine;
        this.executor = executor;
        this.sends = sends;
        this.capacity = capacity;
    }

    @Override
    public String name() {
        return name;
    }

    /** The subscription to the room's channel, started now if there is none or the last one failed. */
    synchronized CompletableFuture<Void> subscription(java.util.function.Supplier<CompletableFuture<Void>> subscribe) {
        if (subscribed == null || subscribed.isCompletedExceptionally()) {
            subscribed = subscribe.get();
        }
        return subscribed;
    }

    /** Forgets a subscription that failed, so that the next join subscribes again. */
    synchronized void forgetSubscriptionIfFailed() {
        if (subscribed != null && subscribed.isCompletedExceptionally()) {
            subscribed = null;
        }
    }

    synchronized void pending(int change) {
        pending += change;
    }

    /** No member and no join under way: the registry may retire it. */
    synchronized boolean idle() {
        return pending == 0 && members.isEmpty();
    }

    synchronized int size() {
        return members.size();
    }

    synchronized Local local(Member member) {
        return members.get(member);
    }

    /** The epoch of the publications delivered, for comparing with Redis after a reconnect; null before the first. */
    synchronized String epoch() {
        return epoch;
    }

    /**
     * The last publication this node has heard of for the room: the one delivered last, or a
     * later one waiting in the inbox for its drain; -1 if none since the lane was last in step.
     */
    synchronized long heard() {
        Publication waiting = inbox.peekLast();
        return waiting != null ? Math.max(lastPub, waiting.pub()) : lastPub;
    }

    /** Called on Lettuce's event loop: queues {@code publication} and schedules a drain. Never blocks. */
    void offer(Publication publication) {
        boolean schedule;
        synchronized (this) {
            if (inbox.size() >= capacity) {
                overflowed = true;
                inbox.clear();
            } else {
                inbox.addLast(publication);
            }
            schedule = !draining;
            draining = true;
        }
        if (schedule) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Delivery delivery = new Delivery(sends);
            synchronized (this) {
                if (overflowed) {
                    overflowed = false;
                    outOfStepLocked("this node fell behind the room's events");
                }
                Publication publication = inbox.pollFirst();
                if (publication == null) {
                    draining = false;
                    return;
                }
                deliverLocked(publication, delivery);
            }
            delivery.flush();
        }
    }

    /**
     * Called with the lock held. The first publication since the subscription (or since the
     * lane was last out of step) sets the lane's epoch and position; each later one must be the
     * next of the same epoch, as one pub/sub connection delivers them in the order Redis
     * published them.
     */
    private void deliverLocked(Publication publication, Delivery delivery) {
        if (epoch != null && !epoch.equals(publication.epoch())) {
            outOfStepLocked("the room's history was lost in Redis (new epoch)");
        } else if (lastPub >= 0 && publication.pub() <= lastPub) {
            return;
        } else if (lastPub >= 0 && publication.pub() > lastPub + 1) {
            outOfStepLocked("this node missed some of the room's events");
            return;
        }
        epoch = publication.epoch();
        lastPub = publication.pub();
        if (recent.size() == REPLAY) {
            recent.removeFirst();
        }
        recent.addLast(publication);
        for (Local local : members.values()) {
            if (local.after() < publication.pub() && publication.isFor(local.memberId())) {
                delivery.queue(local.member().sender(), publication.event());
            }
        }
    }

    /**
     * Adds a member whose join script ran at publication {@code pub} of {@code joinEpoch}: its
     * welcome is queued first, then what this lane already delivered after {@code pub}, and
     * from then on every publication after {@code pub} (those up to it, still on their way
     * through pub/sub, are in the welcome's snapshot).
     *
     * @return false if the member could not be brought in step (nothing was queued for it)
     */
    synchronized boolean admit(Member member, String memberId, String joinEpoch, long pub, Outbound welcome, Delivery delivery) {
        if (epoch != null && !epoch.equals(joinEpoch)) {
            outOfStepLocked("the room's history was lost in Redis (new epoch)");
        }
        if (lastPub > pub) {
            Publication oldest = recent.peekFirst();
            if (oldest == null || oldest.pub() > pub + 1) {
                return false;
            }
        }
        delivery.queue(member.sender(), welcome);
        for (Publication publication : recent) {
            if (publication.pub() > pub && publication.isFor(memberId)) {
                delivery.queue(member.sender(), publication.event());
            }
        }
        members.put(member, new Local(member, memberId, pub));
        return true;
    }

    /** Takes {@code member} out of this node's view of the room, if it is in it. */
    synchronized void remove(Member member) {
        members.remove(member);
    }

    /** Closes every member here with 1012 after a random delay, and forgets the room's position. */
    synchronized void outOfStep(String reason) {
        outOfStepLocked(reason);
    }

    /** As {@link #outOfStep}, but closes at once (this node was declared dead). */
    synchronized List<Local> evictAll() {
        List<Local> evicted = new ArrayList<>(members.values());
        members.clear();
        epoch = null;
        lastPub = -1;
        recent.clear();
        return evicted;
    }

    private void outOfStepLocked(String reason) {
        List<Local> evicted = evictAll();
        Consumer<Local> close = local -> local.member().sender().close(new CloseReason(CloseReason.CloseCodes.SERVICE_RESTART,
                "chat out of step: reconnect"));
        engine.closeLater(evicted, close, reason, name);
    }

    @Override
    public void post(Member member, String text, Delivery delivery) {
        engine.onCallerThread(() -> engine.post(this, member, text));
    }

    @Override
    public void rename(Member member, String requestedName, Delivery delivery) throws InvalidMessage {
        try {
            engine.rename(this, member, requestedName);
        } finally {
            engine.onCallerThread(() -> { });
        }
    }

    @Override
    public void whisper(Member member, String to, String text, Delivery delivery) throws InvalidMessage {
        try {
            engine.whisper(this, member, to, text);
        } finally {
            engine.onCallerThread(() -> { });
        }
    }

    @Override
    public void typing(Member member, long nowNanos, Delivery delivery) {
        engine.onCallerThread(() -> engine.typing(this, member, nowNanos));
    }

    @Override
    public String toString() {
        return "room " + name;
    }
}
