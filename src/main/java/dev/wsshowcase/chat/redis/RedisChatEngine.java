package dev.wsshowcase.chat.redis;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.chat.ChatConfig;
import dev.wsshowcase.chat.ChatEngine;
import dev.wsshowcase.chat.ChatRoom;
import dev.wsshowcase.chat.Delivery;
import dev.wsshowcase.chat.Member;
import dev.wsshowcase.chat.Names;
import dev.wsshowcase.chat.Position;
import dev.wsshowcase.chat.Refused;
import dev.wsshowcase.chat.codec.ChatEvent;
import dev.wsshowcase.codec.ErrorMessage;
import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.codec.JsonOutbound;
import dev.wsshowcase.metrics.Metrics;
import dev.wsshowcase.send.SharedSends;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat's rooms shared by every node through one Redis (standalone, not Cluster): the
 * {@link ChatEngine} used when {@code showcase.chat.redis-url} is set.
 *
 * <p><b>What Redis decides.</b> Every change to a room is one Lua script ({@code lua/}, named
 * for what it does) that checks, changes and publishes in one atomic step: {@code join}
 * (epoch, member limit, name or guest name, the member registered under its node),
 * {@code publish} (a message's seq, its place in the capped history stream, its publication),
 * {@code rename}, {@code leave}, {@code whisper}; {@code heartbeat} and {@code reap} keep the
 * nodes alive or declare them dead. Every publication of a room is numbered ({@code pub}), and
 * every node, the sender's included, delivers what comes back from Redis, in that order, through
 * the room's {@link RoomLane}.
 *
 * <p><b>Keys</b>, for room {@code R} (the braces keep a room's keys together):
 * {@code showcase:chat:{R}:meta} (hash: epoch, seq, pub), {@code :log} (stream of messages,
 * capped at {@code showcase.chat.history}), {@code :names} (hash: name key to member),
 * {@code :sent:<id>} (a message id seen, for a minute); channel {@code showcase:chat:{R}};
 * {@code showcase:chat:nodes} (sorted set: node to its last heartbeat),
 * {@code showcase:chat:node:<id>:members} and {@code :dead}.
 *
 * <p><b>Timing.</b> Commands time out after {@link #COMMAND_TIMEOUT}. A member's messages go to
 * Redis one after another; one not stored {@link #PUBLISH_DEADLINE_MILLIS} after it left for
 * Redis, or {@link #MAX_WAIT_AT_NODE_MILLIS} after it arrived (by Redis's clock), never will be,
 * so a member told {@code unavailable} never sees it delivered later, and a burst is not
 * refused for the time its messages waited behind each other. Nodes heartbeat every
 * {@link #TICK_MILLIS}; one silent for {@link #NODE_TIMEOUT_MILLIS} is reaped by the next
 * tick of any other node, so its members' leaves arrive within {@code NODE_TIMEOUT_MILLIS +
 * TICK_MILLIS} and some delivery time: 15 s at most.
 *
 * <p><b>Threading.</b> Lettuce completes commands and delivers publications on its event loop;
 * nothing chained there blocks or sends: publications go to their room's lane, replies to the
 * engine's executor (two threads, bounded by the lanes). Joins wait for Redis on the container's
 * thread, bounded by the command timeout. The registry of lanes is guarded by its own lock,
 * never held while a lane's lock is taken.
 *
 * <p><b>Lifecycle.</b> The client and its {@link ClientResources} are created when the
 * application starts and shut down, with the executor, when it stops ({@link #close}). A URL
 * that does not parse, or a Redis that cannot be reached, is logged; the engine keeps trying
 * to connect every tick, and meanwhile every join and message is answered {@code unavailable}.
 */
public final class RedisChatEngine implements ChatEngine, AutoCloseable {

    static final String PREFIX = "showcase:chat:";
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    static final long PUBLISH_DEADLINE_MILLIS = 1500;
    /** How a message's JSON begins before Redis numbers it; publish.lua writes it again with the seq. */
    private static final String MESSAGE_HEAD = "{\"type\":\"message\",\"seq\":0,";
    /** How long a message may wait at the node behind the same member's earlier ones before Redis must refuse it. */
    static final long MAX_WAIT_AT_NODE_MILLIS = 30_000;
    static final long TICK_MILLIS = 2000;
    /** Lettuce's wait between attempts to reconnect grows from 50 ms to at most this (its own default is 30 s). */
    public static final Duration RECONNECT_MAX_DELAY = Duration.ofSeconds(2);
    static final long NODE_TIMEOUT_MILLIS = 10_000;
    static final long REJOIN_SPREAD_MILLIS = 3000;
    static final int LANE_CAPACITY = 10_000;
    static final String UNAVAILABLE = "unavailable";

    private static final Logger LOG = Logger.getLogger(RedisChatEngine.class.getName());
    private static final String NODES = PREFIX + "nodes";

    private static final RedisScript JOIN = RedisScript.load("join");
    private static final RedisScript PUBLISH = RedisScript.load("publish");
    private static final RedisScript LEAVE = RedisScript.load("leave");
    private static final RedisScript RENAME = RedisScript.load("rename");
    private static final RedisScript WHISPER = RedisScript.load("whisper");
    private static final RedisScript HEARTBEAT = RedisScript.load("heartbeat");
    private static final RedisScript REAP = RedisScript.load("reap");
    private static final List<RedisScript> SCRIPTS = List.of(JOIN, PUBLISH, LEAVE, RENAME, WHISPER, HEARTBEAT, REAP);

    private final ChatConfig config;
    private final SharedSends sends;
    private final JsonOutbound json;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor executor;
    private final String url;
    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledFuture<?> tick;

    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private final AtomicBoolean connecting = new AtomicBoolean();
    /** When a connection to Redis last came up: the node reaps no other node until it has heard from them for a whole timeout. */
    private volatile long connectedAtNanos = System.nanoTime();
    private final AtomicBoolean resync = new AtomicBoolean();
    private volatile boolean closed;
    /** Where the time of each publish goes (the metrics); set once at start. */
    private volatile LongConsumer publishLatency = nanos -> { };
    /** Told of every join with a position whether it had a gap (the metrics); set once at start. */
    private volatile Consumer<Boolean> recoveries = gap -> { };
    private volatile String nodeId = newId();
    private final AtomicLong ids = new AtomicLong();
    /** Redis's clock minus ours, from the last heartbeat: deadlines are given in Redis's time. */
    private volatile long clockOffsetMillis;
    private final Map<String, RoomLane> lanes = new HashMap<>();
    private final Map<Member, Joined> joined = new ConcurrentHashMap<>();
    /** Leaves that Redis did not take (it was down): tried again every tick. */
    private final ConcurrentLinkedQueue<String[]> unsentLeaves = new ConcurrentLinkedQueue<>();

    /**
     * Where a member is, its id in Redis, and its last message on the way there: each message
     * is sent to Redis once the one before it is answered, so that a member's messages keep
     * the order sent even when a script must be sent again after {@code NOSCRIPT}.
     */
    private record Joined(RoomLane lane, String memberId, AtomicReference<CompletableFuture<?>> lastPost) {
        Joined(RoomLane lane, String memberId) {
            this(lane, memberId, new AtomicReference<>(CompletableFuture.completedFuture(null)));
        }
    }

    /**
     * An engine connecting to {@code url}, whose periodic work runs on {@code scheduler}; the
     * application uses {@link #start}, a test may run several (nodes) in one process.
     */
    public RedisChatEngine(ChatConfig config, JsonOutbound json, ScheduledExecutorService scheduler, String url) {
        this(config, json, scheduler, SharedSends.CALLER, url);
    }

    /** @param sends who starts the sends of a publication to this node's members of a room */
    public RedisChatEngine(ChatConfig config, JsonOutbound json, ScheduledExecutorService scheduler, SharedSends sends, String url) {
        this.config = config;
        this.sends = sends;
        this.json = json;
        this.scheduler = scheduler;
        this.url = url;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "websocket-showcase-chat-redis-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.executor.allowCoreThreadTimeOut(true);
        RedisURI parsed = null;
        try {
            parsed = RedisURI.create(url);
            parsed.setTimeout(COMMAND_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.severe("showcase.chat.redis-url '" + url + "' is not a Redis URL (" + e.getMessage()
                    + "); the chat answers 'unavailable' until the application is redeployed with a valid one, e.g. redis://127.0.0.1:6379");
        }
        this.uri = parsed;
        if (uri != null) {
            this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(50), RECONNECT_MAX_DELAY, 2, TimeUnit.MILLISECONDS))
                    .build();
            this.client = RedisClient.create(resources);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    .build());
            client.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                    connectedAtNanos = System.nanoTime();
                    resync.set(true);
                    if (handler == connection) {
                        preloadScripts(connection.async());
                    }
                }

                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                    if (!closed) {
                        LOG.warning("Lost the connection to Redis at " + url + "; chat messages get 'unavailable' until it is back");
                    }
                }
            });
            connect();
        } else {
            this.resources = null;
            this.client = null;
        }
        this.tick = scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        releaseNettyThreadLocals(); // the deploying thread (Tomcat's main) lives on
    }

    /** The engine of {@code showcase}, connecting to {@code url} (errors are logged, not thrown). */
    public static RedisChatEngine start(Showcase showcase, ChatConfig config, String url) {
        RedisChatEngine engine = new RedisChatEngine(config, showcase.json(), showcase.scheduler(), showcase.sharedSends(), url);
        engine.measure(showcase.metrics());
        showcase.readiness().contribute("redis", () -> engine.connected() ? null
                : "Redis is unreachable: chat joins are refused with 1013 and messages answered 'unavailable'");
        return engine;
    }

    /**
     * Registers this engine's meters in {@code metrics} and counts into them from now on, once
     * (the application does it at start; a test, for each engine it runs): the publish timer,
     * whether Redis is connected, the rooms this node has members in and its members (this
     * node's view: every node counts its own), and each join with a position, with or without a gap.
     */
    public void measure(Metrics metrics) {
        publishLatency = metrics.timer("showcase.redis.publish",
                "From handing a chat message to Redis to Redis's answer (seq taken, stored, published)");
        recoveries = metrics::recovered;
        metrics.gauge("showcase.redis.connected", "1 while both of this node's connections to Redis are up, else 0",
                this, e -> e.connected() ? 1 : 0);
        metrics.gauge("showcase.chat.rooms", "Chat rooms this node has members in now", this, RedisChatEngine::roomsHere);
        metrics.gauge("showcase.chat.members", "Chat members connected to this node now", this, RedisChatEngine::membersHere);
    }

    /** Rooms with a member on this node now (a lane kept for a while without one is not counted). */
    private int roomsHere() {
        int rooms = 0;
        for (RoomLane lane : lanesNow()) {
            if (lane.size() > 0) {
                rooms++;
            }
        }
        return rooms;
    }

    /** Members of every room on this node now; the lanes are read one at a time, never under the registry's lock. */
    private int membersHere() {
        int members = 0;
        for (RoomLane lane : lanesNow()) {
            members += lane.size();
        }
        return members;
    }

    @Override
    public ChatConfig config() {
        return config;
    }

    @Override
    public JsonOutbound json() {
        return json;
    }

    /** Whether both connections to Redis are up. */
    boolean connected() {
        StatefulRedisConnection<String, String> c = connection;
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        return c != null && p != null && c.isOpen() && p.isOpen();
    }

    // ---- connection

    /**
     * Opens the node's two connections, once: until it succeeds, each tick tries again. From then
     * on Lettuce reconnects them itself (and resubscribes the room channels), so that every
     * lane's subscription stays on the one pub/sub connection the node has.
     */
    private void connect() {
        if (closed || client == null || connection != null || !connecting.compareAndSet(false, true)) {
            return;
        }
        client.connectAsync(StringCodec.UTF8, uri).whenComplete((commands, failure) -> {
            if (failure != null) {
                connectFailed(failure);
                return;
            }
            client.connectPubSubAsync(StringCodec.UTF8, uri).whenComplete((subscriber, failed) -> {
                if (failed != null) {
                    commands.closeAsync();
                    connectFailed(failed);
                    return;
                }
                subscriber.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        received(channel, message);
                    }
                });
                if (closed) {
                    commands.closeAsync();
                    subscriber.closeAsync();
                } else {
                    preloadScripts(commands.async());
                    connection = commands;
                    pubsub = subscriber;
                    LOG.info("Chat rooms are shared through Redis at " + url + " (node " + config.node() + ", in Redis " + nodeId + ")");
                    executor.execute(this::heartbeat);
                }
                connecting.set(false);
            });
        });
    }

    private void connectFailed(Throwable failure) {
        connecting.set(false);
        if (!closed) {
            LOG.warning("Redis at " + url + " cannot be reached (" + rootMessage(failure)
                    + "); the chat answers 'unavailable' until it can; trying again every " + TICK_MILLIS + " ms");
        }
    }

    /** Sends every script to Redis's cache (a Redis restarted has none), so that EVALSHA rarely meets NOSCRIPT. */
    private static void preloadScripts(RedisAsyncCommands<String, String> redis) {
        for (RedisScript script : SCRIPTS) {
            script.preload(redis);
        }
    }

    private RedisAsyncCommands<String, String> redis() {
        StatefulRedisConnection<String, String> c = connection;
        return c != null && c.isOpen() ? c.async() : null;
    }

    /** Called on Lettuce's event loop: hands the publication to its room's lane. */
    private void received(String channel, String message) {
        String room = roomOf(channel);
        Publication publication = Publication.parse(message);
        if (room == null || publication == null) {
            LOG.fine(() -> "Ignored a message on " + channel + " that is not a chat publication");
            return;
        }
        RoomLane lane;
        synchronized (lanes) {
            lane = lanes.get(room);
        }
        if (lane != null) {
            lane.offer(publication);
        }
    }

    // ---- periodic work

    private void tick() {
        try {
            if (connection == null) {
                connect();
                return;
            }
            if (!connected()) {
                return; // Lettuce is reconnecting
            }
            heartbeat();
            RedisAsyncCommands<String, String> redis = redis();
            // After Redis itself was away, every node's last heartbeat there is old: give them a timeout to send one
            boolean heardFromOthers = System.nanoTime() - connectedAtNanos >= TimeUnit.MILLISECONDS.toNanos(NODE_TIMEOUT_MILLIS);
            if (redis != null && heardFromOthers) {
                REAP.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {NODES},
                                Long.toString(NODE_TIMEOUT_MILLIS), now(), PREFIX)
                        .whenComplete((leaves, failure) -> {
                            if (leaves != null && leaves > 0) {
                                LOG.info("Reaped " + leaves + " chat members of nodes that stopped heartbeating");
                            }
                        });
            }
            if (redis != null) {
                String[] leave;
                while ((leave = unsentLeaves.poll()) != null) {
                    runLeave(redis, leave);
                }
            }
            if (resync.getAndSet(false)) {
                resyncLanes(redis);
            }
            retireIdleLanes();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Chat engine tick failed", e);
        }
    }

    private void heartbeat() {
        RedisAsyncCommands<String, String> redis = redis();
        if (redis == null) {
            return;
        }
        String node = nodeId;
        long sent = System.currentTimeMillis();
        HEARTBEAT.<List<Object>>run(redis, ScriptOutputType.MULTI,
                        new String[] {NODES, PREFIX + "node:" + node + ":dead"}, node)
                .whenCompleteAsync((reply, failure) -> {
                    if (reply == null) {
                        return;
                    }
                    long received = System.currentTimeMillis();
                    clockOffsetMillis = Long.parseLong((String) reply.get(1)) - (sent + received) / 2;
                    if ("dead".equals(reply.get(0)) && node.equals(nodeId)) {
                        declaredDead();
                    }
                }, executor);
    }

    /** Other nodes reaped this one (it stopped heartbeating for too long): close every chat socket, start afresh. */
    private void declaredDead() {
        nodeId = newId();
        LOG.warning("Other nodes declared this chat node dead (no heartbeat for " + NODE_TIMEOUT_MILLIS
                + " ms); its chat connections are closed with 1012 so that they reconnect; new node id " + nodeId);
        for (RoomLane lane : lanesNow()) {
            for (RoomLane.Local local : lane.evictAll()) {
                joined.remove(local.member());
                local.member().sender().close(new CloseReason(CloseCodes.SERVICE_RESTART, "chat node restarting: reconnect"));
            }
        }
    }

    /**
     * After a reconnect: a lane whose epoch differs from Redis's, or which will never hear a
     * publication Redis has made, is out of step.
     *
     * <p>Redis's {@code pub} counts publications made; those made just before it answered may
     * still be on their way to this node on the other connection (pub/sub), or waiting in the
     * lane's inbox. So a lane behind Redis is only judged after a {@code PING} on the pub/sub
     * connection has come back: Redis answers it after everything it pushed to that connection
     * before, and Lettuce hands each publication to its lane as it reads it, so by then the
     * lane has heard every publication it ever will of those Redis counted.
     */
    private void resyncLanes(RedisAsyncCommands<String, String> redis) {
        if (redis == null) {
            return;
        }
        for (RoomLane lane : lanesNow()) {
            lane.forgetSubscriptionIfFailed();
            String epoch = lane.epoch();
            if (epoch == null) {
                continue;
            }
            redis.hmget(meta(lane.name()), "epoch", "pub").whenCompleteAsync((values, failure) -> {
                if (values == null) {
                    resync.set(true);
                    return;
                }
                String redisEpoch = values.get(0).getValueOrElse(null);
                long pub = values.get(1).hasValue() ? Long.parseLong(values.get(1).getValue()) : -1;
                if (!epoch.equals(redisEpoch)) {
                    if (epoch.equals(lane.epoch())) {
                        lane.outOfStep("the room's history was lost in Redis (new epoch)");
                    }
                } else if (pub > lane.heard()) {
                    StatefulRedisPubSubConnection<String, String> subscriber = pubsub;
                    if (subscriber == null || !subscriber.isOpen()) {
                        resync.set(true);
                        return;
                    }
                    subscriber.async().ping().whenCompleteAsync((pong, failed) -> {
                        if (failed != null) {
                            resync.set(true);
                        } else if (epoch.equals(lane.epoch()) && pub > lane.heard()) {
                            lane.outOfStep("this node missed some of the room's events while Redis was unreachable");
                        }
                    }, executor);
                }
            }, executor);
        }
    }

    /**
     * Drops the lanes without members or joins, and their subscriptions. The UNSUBSCRIBE is sent
     * under the registry's lock (it only queues the command), so that a join that then creates
     * the room's lane anew sends its SUBSCRIBE after it, never before.
     */
    private void retireIdleLanes() {
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        synchronized (lanes) {
            List<String> retired = new ArrayList<>();
            lanes.values().removeIf(lane -> {
                if (lane.idle()) {
                    retired.add(channel(lane.name()));
                    return true;
                }
                return false;
            });
            if (!retired.isEmpty() && p != null && p.isOpen()) {
                p.async().unsubscribe(retired.toArray(String[]::new));
            }
        }
    }

    /** Closes {@code evicted} after a random delay each (so that they do not all reconnect at once). */
    void closeLater(List<RoomLane.Local> evicted, Consumer<RoomLane.Local> close, String reason, String room) {
        if (evicted.isEmpty()) {
            return;
        }
        LOG.warning("Chat room '" + room + "' on this node is out of step with Redis (" + reason + "); its "
                + evicted.size() + " members here are closed with 1012 within " + REJOIN_SPREAD_MILLIS + " ms to recover by seq");
        for (RoomLane.Local local : evicted) {
            long delay = ThreadLocalRandom.current().nextLong(REJOIN_SPREAD_MILLIS);
            try {
                scheduler.schedule(() -> close.accept(local), delay, TimeUnit.MILLISECONDS);
            } catch (RuntimeException stopping) {
                close.accept(local);
            }
        }
    }

    // ---- joins and leaves

    @Override
    public ChatRoom join(String roomName, Member member, String requestedName, Position resume, Delivery delivery) throws Refused {
        try {
            return joinRedis(roomName, member, requestedName, resume, delivery);
        } finally {
            releaseNettyThreadLocals();
        }
    }

    private ChatRoom joinRedis(String roomName, Member member, String requestedName, Position resume, Delivery delivery) throws Refused {
        RedisAsyncCommands<String, String> redis = redis();
        StatefulRedisPubSubConnection<String, String> subscriber = pubsub;
        if (redis == null || subscriber == null || !subscriber.isOpen()) {
            throw unavailable();
        }
        RoomLane lane = acquire(roomName);
        try {
            await(lane.subscription(() -> subscriber.async().subscribe(channel(roomName)).toCompletableFuture()));
            String key = "";
            String shown = "";
            InvalidMessage nameError = null;
            if (member.signedIn()) {
                shown = requestedName;
                key = Names.key(requestedName);
            } else if (requestedName != null) {
                try {
                    shown = Names.nickname(requestedName, "name");
                    key = Names.key(shown);
                } catch (InvalidMessage e) {
                    nameError = e;
                }
            }
            String memberId = nodeId + "." + ids.incrementAndGet();
            List<Object> reply;
            int digits = 4;
            do {
                List<String> args = new ArrayList<>(List.of(newId(), Integer.toString(config.history()), nodeId, memberId,
                        Integer.toString(config.maxMembers()), member.signedIn() ? "1" : "0", key, shown, now(), roomName));
                for (int i = 0; i < 20; i++) {
                    args.add(guestName(digits));
                }
                digits++;
                String[] keys = {meta(roomName), log(roomName), names(roomName), channel(roomName), nodeMembers(nodeId),
                        PREFIX + "node:" + nodeId + ":dead"};
                try {
                    reply = await(JOIN.run(redis, ScriptOutputType.MULTI, keys, args.toArray(String[]::new)));
                } catch (Refused e) {
                    // the join may yet run in Redis: take the member out again, by id (a guest's name is Redis's choice)
                    unsentLeaves.add(new String[] {roomName, "", memberId, nodeId});
                    throw e;
                }
            } while ("retry".equals(reply.get(0)));
            switch ((String) reply.get(0)) {
                case "ok" -> {
                }
                case "full" -> throw new Refused("room-full", "room '" + roomName + "' has " + config.maxMembers()
                        + " members, its limit", CloseCodes.TRY_AGAIN_LATER);
                case "taken" -> throw new Refused("name-taken", "'" + requestedName + "' is already in room '" + roomName + "'",
                        CloseCodes.VIOLATED_POLICY);
                case "dead" -> {
                    declaredDead();
                    throw unavailable();
                }
                default -> throw new IllegalStateException("join.lua answered " + reply);
            }
            String epoch = (String) reply.get(1);
            long seq = Long.parseLong((String) reply.get(2));
            long pub = Long.parseLong((String) reply.get(3));
            String name = (String) reply.get(4);
            if ("1".equals(reply.get(6))) {
                nameError = new InvalidMessage("name-taken", "name", "'" + shown + "' is taken in this room (names ignore letter case)");
            }
            if (nameError != null) {
                delivery.queue(member.sender(), json.encode(nameError.toErrorMessage()));
            }
            member.name(name);
            ChatEvent.Welcome welcome = welcome(roomName, name, epoch, seq, resume, reply);
            if (!lane.admit(member, memberId, epoch, pub, json.encode(welcome), delivery)) {
                runLeave(redis, new String[] {roomName, member.key(), memberId, nodeId});
                throw new Refused(UNAVAILABLE, "this node is catching up with room '" + roomName + "'; reconnect",
                        CloseCodes.SERVICE_RESTART);
            }
            joined.put(member, new Joined(lane, memberId));
            if (resume != null) {
                recoveries.accept(welcome.gap());
            }
            return lane;
        } finally {
            lane.pending(-1);
        }
    }

    @SuppressWarnings("unchecked")
    private ChatEvent.Welcome welcome(String room, String you, String epoch, long seq, Position resume, List<Object> reply) {
        List<String> members = ((List<Object>) reply.get(7)).stream()
                .map(String.class::cast)
                .sorted(Comparator.comparing(Names::key).thenComparing(Comparator.naturalOrder()))
                .toList();
        List<ChatEvent.Message> history = new ArrayList<>();
        for (Object entry : (List<Object>) reply.get(8)) {
            List<Object> fields = (List<Object>) ((List<Object>) entry).get(1);
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                values.put((String) fields.get(i), (String) fields.get(i + 1));
            }
            history.add(new ChatEvent.Message(Long.parseLong(values.get("seq")), values.get("time"), values.get("from"), values.get("text")));
        }
        Position.Recovery recovery = Position.recover(resume, epoch, seq, history);
        return new ChatEvent.Welcome(room, you, members, recovery.missed(), seq, epoch, recovery.gap(), config.node());
    }

    @Override
    public void leave(ChatRoom room, Member member, Delivery delivery) {
        try {
            leaveRedis(member);
        } finally {
            releaseNettyThreadLocals();
        }
    }

    private void leaveRedis(Member member) {
        Joined where = joined.remove(member);
        if (where == null) {
            return;
        }
        where.lane().remove(member);
        String[] leave = leaveOf(member, where);
        RedisAsyncCommands<String, String> redis = redis();
        if (redis == null) {
            unsentLeaves.add(leave);
        } else {
            runLeave(redis, leave);
        }
    }

    /** What {@link #leaveCommand} takes to take {@code member}, joined at {@code where}, out of Redis: room, name key, member id, node id. */
    private static String[] leaveOf(Member member, Joined where) {
        return new String[] {where.lane().name(), member.key(), where.memberId(), nodeOf(where)};
    }

    /** Runs the {@code leave} script for {@code leave}: room, name key (empty if none), member id, node id. */
    private CompletionStage<Object> leaveCommand(RedisAsyncCommands<String, String> redis, String[] leave) {
        String room = leave[0];
        return LEAVE.run(redis, ScriptOutputType.MULTI, new String[] {meta(room), names(room), channel(room), nodeMembers(leave[3])},
                leave[1], leave[2], room, now());
    }

    /** Runs {@code leave} ({@link #leaveCommand}), and keeps it to retry once Redis is back if it fails. */
    private void runLeave(RedisAsyncCommands<String, String> redis, String[] leave) {
        leaveCommand(redis, leave)
                .whenComplete((reply, failure) -> {
                    if (failure != null && !closed) {
                        unsentLeaves.add(leave);
                    }
                });
    }

    private RoomLane acquire(String roomName) throws Refused {
        synchronized (lanes) {
            RoomLane lane = lanes.get(roomName);
            if (lane == null) {
                if (lanes.size() >= config.maxRooms()) {
                    throw new Refused("too-many-rooms", "the server has " + config.maxRooms() + " rooms, its limit",
                            CloseCodes.TRY_AGAIN_LATER);
                }
                lane = new RoomLane(roomName, this, executor, sends, LANE_CAPACITY);
                lanes.put(roomName, lane);
            }
            lane.pending(1);
            return lane;
        }
    }

    private List<RoomLane> lanesNow() {
        synchronized (lanes) {
            return new ArrayList<>(lanes.values());
        }
    }

    // ---- commands of a member

    void post(RoomLane lane, Member member, String text) {
        Joined where = joined.get(member);
        RedisAsyncCommands<String, String> redis = redis();
        if (where == null || redis == null || lane.local(member) == null) {
            unavailable(member);
            return;
        }
        String room = lane.name();
        String time = now();
        String id = where.memberId() + "." + ids.incrementAndGet();
        long latest = System.currentTimeMillis() + clockOffsetMillis + MAX_WAIT_AT_NODE_MILLIS;
        String[] keys = {meta(room), log(room), channel(room), PREFIX + "{" + room + "}:sent:" + id, names(room)};
        answer(member, inTurn(where, () -> {
            // under the name the member's earlier commands (a rename) left it; the deadline runs
            // from now, when the message leaves for Redis behind them
            String name = member.name();
            String tail = text(json.encode(new ChatEvent.Message(0, time, name, text))).substring(MESSAGE_HEAD.length());
            String deadline = Long.toString(Math.min(latest, System.currentTimeMillis() + clockOffsetMillis + PUBLISH_DEADLINE_MILLIS));
            long started = System.nanoTime();
            return PUBLISH.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, newId(), deadline, "m", "-",
                            Integer.toString(config.history()), member.key(), where.memberId(), time, tail, name, text)
                    .thenApply(reply -> {
                        publishLatency.accept(System.nanoTime() - started);
                        return reply;
                    });
        }));
    }

    /**
     * Runs {@code command} once the member's earlier commands have had Redis's answer, so that
     * each reads the member's name and key as those left them (a rename answered "ok" changes
     * them) and reaches Redis after them; its deadline starts when it leaves. The command is
     * started on the thread that completed the one before (Lettuce's event loop, or the caller's
     * when nothing is pending): it must only build and send the command.
     */
    private CompletionStage<List<Object>> inTurn(Joined where, Supplier<CompletionStage<List<Object>>> command) {
        CompletableFuture<List<Object>> done = new CompletableFuture<>();
        where.lastPost().getAndSet(done).whenComplete((previous, failed) -> {
            try {
                command.get().whenComplete((reply, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else {
                        done.complete(reply);
                    }
                });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            } finally {
                releaseNettyThreadLocals();
            }
        });
        return done;
    }

    /**
     * Lettuce's Netty keeps a thread-local map on any thread that sends a command; on a
     * container thread Tomcat would report it at undeploy. Dropped after each call from a
     * thread that is not Netty's own.
     */
    /** Runs {@code action}, which may send commands, on the caller's thread, then {@link #releaseNettyThreadLocals}. */
    void onCallerThread(Runnable action) {
        try {
            action.run();
        } finally {
            releaseNettyThreadLocals();
        }
    }

    private static void releaseNettyThreadLocals() {
        if (!(Thread.currentThread() instanceof FastThreadLocalThread)) {
            FastThreadLocal.removeAll();
        }
    }

    void typing(RoomLane lane, Member member, long nowNanos) {
        Joined where = joined.get(member);
        RedisAsyncCommands<String, String> redis = redis();
        if (where == null || redis == null) {
            return;
        }
        synchronized (lane) {
            if (member.lastTypingNanos != Long.MIN_VALUE && nowNanos - member.lastTypingNanos < config.typingIntervalNanos()) {
                return;
            }
            member.lastTypingNanos = nowNanos;
        }
        String room = lane.name();
        String id = where.memberId() + "." + ids.incrementAndGet();
        long deadline = System.currentTimeMillis() + clockOffsetMillis + PUBLISH_DEADLINE_MILLIS;
        String event = text(json.encode(new ChatEvent.Typing(member.name())));
        PUBLISH.run(redis, ScriptOutputType.MULTI, new String[] {meta(room), log(room), channel(room),
                        PREFIX + "{" + room + "}:sent:" + id, names(room)}, newId(), Long.toString(deadline), "t", where.memberId(),
                Integer.toString(config.history()), member.key(), where.memberId(), event);
    }

    void rename(RoomLane lane, Member member, String requestedName) throws InvalidMessage {
        if (member.signedIn()) {
            throw new InvalidMessage("rename-not-allowed", "name", "signed-in members keep the name they signed in with");
        }
        String nickname = Names.nickname(requestedName, "name");
        if (nickname.equals(member.name())) {
            return;
        }
        Joined where = joined.get(member);
        RedisAsyncCommands<String, String> redis = redis();
        if (where == null || redis == null) {
            unavailable(member);
            return;
        }
        String room = lane.name();
        answer(member, inTurn(where, () -> RENAME.<List<Object>>run(redis, ScriptOutputType.MULTI,
                                new String[] {meta(room), names(room), channel(room), nodeMembers(nodeOf(where))},
                                member.key(), Names.key(nickname), nickname, where.memberId(), room, now())
                        .thenApply(reply -> {
                            // the one place the name changes; the member's later commands wait for this answer
                            if ("ok".equals(reply.get(0))) {
                                member.name(nickname);
                            }
                            return reply;
                        })),
                "taken", new ErrorMessage("name-taken", "name", "'" + nickname + "' is taken in this room (names ignore letter case)"));
    }

    void whisper(RoomLane lane, Member member, String to, String text) throws InvalidMessage {
        Joined where = joined.get(member);
        RedisAsyncCommands<String, String> redis = redis();
        if (where == null || redis == null) {
            unavailable(member);
            return;
        }
        String room = lane.name();
        String time = now();
        answer(member, inTurn(where, () -> {
            // the JSON with a marker where Redis puts the recipient's name as it holds it
            String marker = "\u0000to\u0000";
            String full = text(json.encode(new ChatEvent.Private(member.name(), marker, text, time)));
            String quotedMarker = "\"" + "\\u0000to\\u0000" + "\"";
            int at = full.indexOf(quotedMarker);
            if (at < 0) {
                throw new IllegalStateException("cannot split the private message's JSON: " + full);
            }
            return WHISPER.<List<Object>>run(redis, ScriptOutputType.MULTI, new String[] {meta(room), names(room), channel(room)},
                    Names.key(to), member.key(), where.memberId(), full.substring(0, at), full.substring(at + quotedMarker.length()));
        }), "unknown", new ErrorMessage("unknown-member", "to", "nobody named '" + InvalidMessage.excerpt(to) + "' is in this room"));
    }

    /**
     * Answers a rename or a private message: nothing on "ok" (what it did comes from Redis),
     * {@code refused} when the script answered {@code refusal}, 'unavailable' when Redis did not
     * answer, and a reconnect when Redis no longer holds the member.
     */
    private void answer(Member member, CompletionStage<List<Object>> replied, String refusal, ErrorMessage refused) {
        replied.whenCompleteAsync((reply, failure) -> {
            if (reply == null) {
                unavailable(member);
            } else if (refusal.equals(reply.get(0))) {
                reply(member, refused);
            } else if (!"ok".equals(reply.get(0))) {
                gone(member);
            }
        }, executor);
    }

    /** Answers a publish: nothing when it went out (the member gets it from Redis), an error otherwise. */
    private void answer(Member member, CompletionStage<List<Object>> published) {
        published.whenCompleteAsync((reply, failure) -> {
            if (reply == null) {
                unavailable(member);
            } else if ("late".equals(reply.get(0))) {
                unavailable(member);
            } else if ("gone".equals(reply.get(0))) {
                gone(member);
            }
        }, executor);
    }

    private void unavailable(Member member) {
        reply(member, new ErrorMessage(UNAVAILABLE, null,
                "the chat cannot reach Redis just now; the message was not delivered and will not be; send it again later"));
    }

    /** Redis no longer holds this member (its node was declared dead, or Redis lost the room): it must reconnect. */
    private void gone(Member member) {
        member.sender().close(new CloseReason(CloseCodes.SERVICE_RESTART, "chat out of step: reconnect"));
    }

    private void reply(Member member, Object message) {
        member.sender().send(json.encode(message));
    }

    // ---- helpers

    private <T> T await(CompletionStage<T> stage) throws Refused {
        try {
            return stage.toCompletableFuture().get(COMMAND_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "A chat join could not reach Redis", e);
            throw unavailable();
        }
    }

    private static Refused unavailable() {
        return new Refused(UNAVAILABLE, "the chat cannot reach Redis just now; try again later", CloseCodes.TRY_AGAIN_LATER);
    }

    private static String text(dev.wsshowcase.send.Outbound outbound) {
        return ((dev.wsshowcase.send.Outbound.Text) outbound).text();
    }

    private static String nodeOf(Joined where) {
        return where.memberId().substring(0, where.memberId().lastIndexOf('.'));
    }

    static String meta(String room) {
        return PREFIX + "{" + room + "}:meta";
    }

    static String log(String room) {
        return PREFIX + "{" + room + "}:log";
    }

    static String names(String room) {
        return PREFIX + "{" + room + "}:names";
    }

    static String channel(String room) {
        return PREFIX + "{" + room + "}";
    }

    static String nodeMembers(String node) {
        return PREFIX + "node:" + node + ":members";
    }

    private static String roomOf(String channel) {
        if (!channel.startsWith(PREFIX + "{") || !channel.endsWith("}")) {
            return null;
        }
        return channel.substring(PREFIX.length() + 1, channel.length() - 1);
    }

    private static String guestName(int digits) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "guest-" + random.nextInt((int) Math.pow(10, digits - 1), (int) Math.pow(10, digits));
    }

    /** 64 random bits, URL-safe: node ids and epochs. */
    private static String newId() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * Takes this node's members out of Redis (one leave each, waited for up to the command
     * timeout), then closes the connections, the client, its resources and the executor,
     * waiting for their threads to end.
     */
    @Override
    public void close() {
        closed = true;
        tick.cancel(false);
        RedisAsyncCommands<String, String> redis = redis();
        if (redis != null) {
            List<CompletableFuture<?>> leaving = new ArrayList<>();
            for (Map.Entry<Member, Joined> entry : joined.entrySet()) {
                leaving.add(leaveCommand(redis, leaveOf(entry.getKey(), entry.getValue())).toCompletableFuture());
            }
            leaving.add(redis.zrem(NODES, nodeId).toCompletableFuture());
            try {
                CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new)).get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.FINE, "Not every chat member could be taken out of Redis at stop", e);
            }
        }
        joined.clear();
        if (client != null) {
            StatefulRedisPubSubConnection<String, String> p = pubsub;
            StatefulRedisConnection<String, String> c = connection;
            if (p != null) {
                p.close();
            }
            if (c != null) {
                c.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            try {
                resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.WARNING, "Redis client resources did not shut down in time", e);
            }
        }
        releaseNettyThreadLocals();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops as a node that crashed would: no leave, no goodbye to the other nodes, the
     * connections dropped; for tests of the reaping of dead nodes. Call {@link #close} after.
     */
    public void halt() {
        closed = true;
        tick.cancel(false);
        joined.clear();
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        StatefulRedisConnection<String, String> c = connection;
        if (p != null) {
            p.close();
        }
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "chat engine on Redis " + url;
    }
}
