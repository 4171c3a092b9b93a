package dev.wsshowcase.clock;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.clock.codec.ClockEvent;
import dev.wsshowcase.codec.JsonOutbound;
import dev.wsshowcase.send.Outbound;
import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.send.SharedSends;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's one ticker and its subscribers.
 *
 * <p><b>Ticks.</b> While anyone is subscribed, one task on the application's scheduler runs at
 * every wall-clock second (.000), re-aiming at the next second each time so it does not drift.
 * A group of subscribers with interval {@code n} gets a tick on every second divisible by
 * {@code n}; its tick is serialized once and the same message is queued for every member with
 * {@link SessionSender#sendLatest}, so a member that reads slowly holds at most one waiting
 * tick and gets the newest when it drains. The task catches its own failures: a failed tick
 * is logged and the next one runs. It stops with the last subscriber and at {@link #close}.
 *
 * <p><b>Many subscribers.</b> Each send is a write to a socket, about as costly as the rest of a
 * tick put together, so one thread reaches 10,000 clients hundreds of milliseconds after the
 * first. A group larger than {@link SharedSends#SLICE} is cut into slices that the ticker
 * thread and the send pool take in turn ({@link SharedSends}), and the tick ends when every
 * slice is sent (the sends are asynchronous: nothing waits on the network), so the next tick
 * never overtakes it.
 *
 * <p><b>Threading.</b> {@link #subscribe}, {@link #change} and {@link #unsubscribe} may be
 * called from any thread; each join or leave is one atomic step of the group's map entry, and
 * the subscriber count changes in that same step, so the count is always what the groups hold
 * and the ticker stops when the last subscriber leaves. Ticks run on the scheduler thread. No
 * lock is held while queuing messages.
 */
public final class Clock implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Clock.class.getName());
    /** A tick that fires up to this early still counts for the second it aims at. */
    private static final long EARLY_TOLERANCE_MILLIS = 100;

    private final ScheduledExecutorService scheduler;
    private final java.time.Clock time;
    private final JsonOutbound json;
    private final SharedSends sends;
    private final Map<ClockSettings, Set<SessionSender>> groups = new ConcurrentHashMap<>();

    private final Object lifecycle = new Object();
    private int subscribers;
    private ScheduledFuture<?> next;
    /**
     * Counts the ticker's stops. A tick carries the count it was scheduled under and schedules
     * the next only if that is still the count, so that a tick still running when the last
     * subscriber left and a new one started the ticker again does not start a second chain.
     */
    private long stops;
    private boolean closed;
    /** Touched only by the tick task. */
    private long lastTickSecond = Long.MIN_VALUE;

    /** A clock whose ticker thread sends every tick itself. */
    Clock(ScheduledExecutorService scheduler, java.time.Clock time, JsonOutbound json) {
        this(scheduler, time, json, SharedSends.CALLER);
    }

    /** @param sends who sends a tick to a large group: the ticker thread and the send pool */
    Clock(ScheduledExecutorService scheduler, java.time.Clock time, JsonOutbound json, SharedSends sends) {
        this.scheduler = scheduler;
        this.time = time;
        this.json = json;
        this.sends = sends;
    }

    /** The application's clock. */
    static Clock of(Showcase showcase) {
        return showcase.service(Clock.class, app -> new Clock(app.scheduler(), java.time.Clock.systemUTC(), app.json(), app.sharedSends()));
    }

    java.time.Clock time() {
        return time;
    }

    void subscribe(SessionSender sender, ClockSettings settings) {
        join(sender, settings);
    }

    void change(SessionSender sender, ClockSettings from, ClockSettings to) {
        if (!from.equals(to)) {
            join(sender, to);
            leave(sender, from);
        }
    }

    void unsubscribe(SessionSender sender, ClockSettings settings) {
        leave(sender, settings);
    }

    /** Subscribers now, across groups; for tests and monitoring. */
    int subscribers() {
        synchronized (lifecycle) {
            return subscribers;
        }
    }

    /** Groups with at least one subscriber; for tests and monitoring. */
    int groups() {
        return groups.size();
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            stopTicker();
        }
    }

    /** Sends the tick of {@code epochSecond} to every group whose interval divides it. */
    void tick(long epochSecond) {
        if (epochSecond <= lastTickSecond) {
            return;
        }
        lastTickSecond = epochSecond;
        Instant instant = Instant.ofEpochSecond(epochSecond);
        for (Map.Entry<ClockSettings, Set<SessionSender>> group : groups.entrySet()) {
            ClockSettings settings = group.getKey();
            if (epochSecond % settings.intervalSeconds() != 0 || group.getValue().isEmpty()) {
                continue;
            }
            String time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.ofInstant(instant, settings.zone()));
            Outbound tick = json.encode(new ClockEvent.Tick(
                    epochSecond / settings.intervalSeconds(), time, instant.toEpochMilli(), settings.zone().getId()));
            send(group.getValue().toArray(SessionSender[]::new), tick);
        }
    }

    /**
     * Sends {@code tick} to {@code members}, in slices shared with the send pool when there are
     * many, and returns once every slice is sent.
     */
    private void send(SessionSender[] members, Outbound tick) {
        if (!sends.run(members.length, i -> members[i].sendLatest(tick))) {
            LOG.warning("A clock tick's sends were not all started within " + SharedSends.TIMEOUT_MILLIS
                    + " ms; the next tick may reach some clients first");
        }
    }

    /**
     * Adds {@code sender} to its group in the map's atomic step for that group, so that it can
     * never land in a set that a concurrent {@link #leave} has just removed from the map, and
     * counts it in the same step.
     */
    private void join(SessionSender sender, ClockSettings settings) {
        groups.compute(settings, (key, members) -> {
            Set<SessionSender> group = members != null ? members : ConcurrentHashMap.newKeySet();
            if (group.add(sender)) {
                counted(+1);
            }
            return group;
        });
    }

    /** Removes {@code sender} from its group, and the group once empty, in the map's atomic step for that group. */
    private void leave(SessionSender sender, ClockSettings settings) {
        groups.computeIfPresent(settings, (key, members) -> {
            if (members.remove(sender)) {
                counted(-1);
            }
            return members.isEmpty() ? null : members;
        });
    }

    /**
     * Keeps {@link #subscribers} equal to what the groups hold, starting the ticker with the
     * first subscriber and stopping it with the last. Called inside the map's atomic step for a
     * group: the lock order is always a group's map entry, then {@link #lifecycle}, and nothing
     * holding {@link #lifecycle} touches {@link #groups}.
     */
    private void counted(int change) {
        synchronized (lifecycle) {
            subscribers += change;
            if (subscribers == 1 && change > 0 && !closed) {
                scheduleNext();
            } else if (subscribers == 0) {
                stopTicker();
            }
        }
    }

    /** Called with {@link #lifecycle} held. */
    private void stopTicker() {
        stops++;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    /** Called with {@link #lifecycle} held. */
    private void scheduleNext() {
        long delay = 1000 - Math.floorMod(time.millis(), 1000L);
        long scheduledUnder = stops;
        try {
            next = scheduler.schedule(() -> run(scheduledUnder), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            next = null; // the application is stopping
        }
    }

    private void run(long scheduledUnder) {
        try {
            tick(Math.floorDiv(time.millis() + EARLY_TOLERANCE_MILLIS, 1000L));
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "A clock tick failed; the next one is scheduled", e);
        } finally {
            synchronized (lifecycle) {
                if (scheduledUnder == stops && subscribers > 0 && !closed) {
                    scheduleNext();
                }
            }
        }
    }
}
