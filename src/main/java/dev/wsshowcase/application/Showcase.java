package dev.wsshowcase.application;

import dev.wsshowcase.codec.JsonOutbound;
import dev.wsshowcase.connection.Admission;
import dev.wsshowcase.connection.Connection;
import dev.wsshowcase.connection.Connections;
import dev.wsshowcase.liveness.Keepalive;
import dev.wsshowcase.metrics.Metrics;
import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.send.SharedSends;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running application: its settings and the few threads it owns. There is one per web
 * application (a static field of a class the web application's class loader loaded).
 *
 * <p><b>Lifecycle.</b> In a servlet container {@code dev.wsshowcase.ShowcaseListener} calls
 * {@link #start} at deploy, with the settings of the application and of every feature, and
 * {@link #stop} at undeploy, so no thread of ours outlives the application. Where there is no
 * servlet context (the Tyrus standalone server, a unit test) whoever starts the server starts
 * the application with that list, and stops it.
 *
 * <p><b>Threads.</b> One scheduler thread runs all periodic work (the clock's ticks), whatever
 * the number of clients; a small pool closes sessions whose close may block (a client that
 * stopped reading) and sends keepalive pings; a pool of one thread per core carries on sending
 * where a container completes sends on the calling thread ({@code SessionSender}). None grows
 * with the number of clients.
 *
 * <p><b>Stopping.</b> {@link #stop} first drains: readiness ({@link #readiness}) turns not
 * ready at once, a connection opening from then on is closed with 1001 ({@link #forOpening}),
 * and the open connections are closed with 1001 one by one, spread evenly over
 * {@code showcase.shutdown.drain-ms}, so that their clients reconnect to other nodes gradually
 * rather than all at the same instant. Then the threads stop.
 *
 * <p><b>Metrics.</b> The application's {@link Metrics} registry is created with it and closed
 * when it stops; the connection registry and the features register their meters in it.
 *
 * <p><b>Services.</b> Feature packages keep their application-wide state (a ticker, the chat
 * rooms) in {@link #service}: created on first use, closed at {@link #stop} if
 * {@link AutoCloseable}. So do the handshake's policies. This package never depends on a
 * feature, nor on the handshake.
 */
public final class Showcase {

    /** The close reason phrase sessions get when the application stops (undeploy, container stop). */
    public static final String STOPPING = "application stopping";

    private static final Logger LOG = Logger.getLogger(Showcase.class.getName());
    private static final Object LOCK = new Object();
    private static Showcase current;
    /** Set by {@link #stop}: a stopped application is not started again behind the container's back. */
    private static boolean stopped;

    private final Settings settings;
    private final ThreadPoolExecutor closer;
    private final ThreadPoolExecutor continuer;
    private final SharedSends sharedSends;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Keepalive keepalive;
    private final Connections connections;
    private final Metrics metrics = Metrics.prometheus();
    private final Readiness readiness = new Readiness();
    private final String nodeId;
    /** Set when the drain begins: not ready, nothing new admitted; whoever sets it drains, later calls of {@link #drain} return at once. */
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
    private final Jsonb jsonb = JsonbBuilder.create();
    private final JsonOutbound json = new JsonOutbound(jsonb);
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    private Showcase(Settings settings) {
        this.settings = settings;
        this.closer = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threadFactory("websocket-showcase-close"));
        this.closer.allowCoreThreadTimeOut(true);
        int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.continuer = new ThreadPoolExecutor(cores, cores, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threadFactory("websocket-showcase-send"));
        this.continuer.allowCoreThreadTimeOut(true);
        this.sharedSends = new SharedSends(continuer, cores);
        this.scheduler = new ScheduledThreadPoolExecutor(1, threadFactory("websocket-showcase-scheduler"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.connections = new Connections(settings.get(ApplicationSettings.MAX_CONNECTIONS),
                settings.get(ApplicationSettings.MAX_CONNECTIONS_PER_ADDRESS), metrics);
        this.nodeId = NodeId.orDefault(settings.get(ApplicationSettings.NODE_ID));
        this.readiness.contribute(Readiness.DRAINING, () -> draining.get() ? "the application is stopping; its connections are being closed" : null);
        this.keepalive = new Keepalive(scheduler, settings.get(ApplicationSettings.KEEPALIVE_INTERVAL_MILLIS),
                settings.get(ApplicationSettings.KEEPALIVE_TIMEOUT_MILLIS));
    }

    /** Starts the application with {@code settings}, stopping one that was running. */
    public static Showcase start(Settings settings) {
        synchronized (LOCK) {
            if (current != null) {
                current.shutdown();
            }
            current = new Showcase(settings);
            stopped = false;
            return current;
        }
    }

    /**
     * The running application.
     *
     * @throws IllegalStateException after {@link #stop}, until the next {@link #start}: a
     *                               connection opening while the application is undeployed is
     *                               refused rather than starting threads nobody will stop; or
     *                               before the first {@link #start}
     */
    public static Showcase current() {
        synchronized (LOCK) {
            if (current == null) {
                throw new IllegalStateException(stopped ? "WebSocket Showcase is stopped" : "WebSocket Showcase is not started");
            }
            return current;
        }
    }

    /**
     * The running application, for an endpoint's {@code @OnOpen}; or null when the application
     * is draining or stopping ({@link #current} would throw): then {@code session} is closed with 1001
     * ({@value #STOPPING}), as the sessions still open at {@link #stop} are, so that the client
     * hears why and may reconnect, and the endpoint keeps no state for it. The endpoint's other
     * callbacks must then do nothing. The close runs on the calling thread: at open nothing is
     * in flight that it could wait for.
     */
    public static Showcase forOpening(Session session) {
        Showcase running = runningOrNull();
        if (running != null && !running.draining.get()) {
            return running;
        }
        countRefusal(running, Metrics.Refusal.STOPPING);
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, STOPPING));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing session " + session.getId() + " opened while stopping failed", e);
        }
        return null;
    }

    /**
     * Counts a refused handshake or connection in the running application's metrics
     * ({@code showcase_handshakes_refused_total}); nothing when no application is running.
     */
    public static void countRefusal(Metrics.Refusal reason) {
        countRefusal(runningOrNull(), reason);
    }

    private static void countRefusal(Showcase running, Metrics.Refusal reason) {
        if (running != null) {
            running.metrics.refused(reason);
        }
    }

    /**
     * As {@link #current}, but null instead of an exception while the application is stopping
     * (after {@link #stop}, until the next {@link #start}) or not started.
     */
    public static Showcase runningOrNull() {
        synchronized (LOCK) {
            return current;
        }
    }

    /**
     * Drains the running application, if any (see the class comment), and returns once its
     * connections are closed; {@link #stop} then only stops its threads. For the container's
     * first stop callback: containers close WebSocket sessions themselves as they stop (Tomcat
     * in a listener of its own that is told before the application's listener), so a listener
     * that is told before the container's calls this ({@code operations.DrainAtStop}).
     */
    public static void drainRunning() {
        Showcase running = runningOrNull();
        if (running != null) {
            running.drain();
        }
    }

    /**
     * Stops the running application, if any: drains its connections over
     * {@code showcase.shutdown.drain-ms} (see the class comment), then waits (up to seconds) for
     * every thread it started to end. {@link #runningOrNull} keeps answering while it drains.
     */
    public static void stop() {
        Showcase stopping;
        synchronized (LOCK) {
            stopped = true;
            stopping = current;
        }
        if (stopping == null) {
            return;
        }
        stopping.drain();
        synchronized (LOCK) {
            if (current == stopping) {
                current.shutdown();
                current = null;
            }
        }
    }

    /**
     * Stops the running application, if any, and forgets that it was stopped, as in a new JVM;
     * for tests that stop the application.
     */
    static void reset() {
        synchronized (LOCK) {
            stop();
            stopped = false;
        }
    }

    public Settings settings() {
        return settings;
    }

    /** The application's one scheduler for periodic work. Tasks must catch their own exceptions. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Broadcasts' sends, shared by the broadcasting thread and the send pool (one thread per
     * core, at least two; also where a sender's drain carries on) when there are many.
     */
    public SharedSends sharedSends() {
        return sharedSends;
    }

    /** The application's JSON-B instance (thread-safe, shared by every codec). */
    public Jsonb jsonb() {
        return jsonb;
    }

    /** Protocol records to text messages, with {@link #jsonb()}. */
    public JsonOutbound json() {
        return json;
    }

    /**
     * The application-wide instance of a feature's service, created by {@code factory} on first
     * use. Closed at {@link #stop} (in reverse order of creation) if it is {@link AutoCloseable}.
     */
    public <T> T service(Class<T> type, Function<Showcase, T> factory) {
        synchronized (services) {
            Object service = services.get(type);
            if (service == null) {
                service = factory.apply(this);
                services.put(type, service);
            }
            return type.cast(service);
        }
    }

    /**
     * Opens the connection of a new {@code session}: a sender with the configured queue bounds
     * and a liveness watched by the keepalive, counted against the connection limits. The
     * endpoint takes every message through {@link Connection#receive} and calls
     * {@link Connection#closed} when the session closes. Past a connection limit the result is
     * {@link Admission.Refused}, the session is already closing with 1013, and the endpoint
     * must leave it alone.
     */
    public Admission admit(Session session) {
        return connections.open(new SessionSender(session, closer, continuer, scheduler,
                settings.get(ApplicationSettings.SEND_MAX_QUEUED_MESSAGES),
                settings.get(ApplicationSettings.SEND_MAX_QUEUED_BYTES),
                settings.get(ApplicationSettings.SEND_TIMEOUT_MILLIS)), keepalive);
    }

    /** The open connections; for tests and monitoring. */
    public Connections connections() {
        return connections;
    }

    /** The application's meters. */
    public Metrics metrics() {
        return metrics;
    }

    /** Whether the application takes connections; components may contribute checks. */
    public Readiness readiness() {
        return readiness;
    }

    /** This node's name ({@code showcase.node.id}, or one made at start). */
    public String nodeId() {
        return nodeId;
    }

    /** Whether the application has begun to stop ({@link #stop}): it admits nothing new. */
    public boolean draining() {
        return draining.get();
    }

    /**
     * Turns not ready, then closes every open connection with 1001, one every
     * {@code drain-ms / n} (the first at once, the last at {@code drain-ms (n - 1) / n}), on the
     * close pool, timed by the scheduler; returns once every close is done (or, for closes that
     * hang, a few seconds past the window). Connections that open meanwhile are refused by
     * {@link #forOpening}; one admitted in the instant before is closed by {@link #shutdown}.
     */
    private void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        List<Connection> open = connections.open();
        if (open.isEmpty()) {
            return;
        }
        long window = settings.get(ApplicationSettings.SHUTDOWN_DRAIN_MILLIS);
        LOG.info(() -> "WebSocket Showcase stopping: closing " + open.size() + " connections with 1001 over " + window + " ms");
        CloseReason stopping = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, STOPPING);
        CountDownLatch done = new CountDownLatch(open.size());
        for (int i = 0; i < open.size(); i++) {
            Connection connection = open.get(i);
            Runnable close = () -> {
                try {
                    connection.sender().closeAtOnce(stopping);
                } finally {
                    done.countDown();
                }
            };
            long delay = window * i / open.size();
            try {
                scheduler.schedule(() -> {
                    try {
                        closer.execute(close);
                    } catch (RejectedExecutionException e) {
                        close.run();
                    }
                }, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                close.run();
            }
        }
        try {
            if (!done.await(window + TimeUnit.SECONDS.toMillis(10), TimeUnit.MILLISECONDS)) {
                LOG.warning("Closing connections took longer than the drain; the rest are closed at once");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutdown() {
        closeOpenSessions();
        List<Object> created;
        synchronized (services) {
            created = new ArrayList<>(services.values());
            services.clear();
        }
        for (int i = created.size() - 1; i >= 0; i--) {
            if (created.get(i) instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "Stopping " + closeable + " failed", e);
                }
            }
        }
        keepalive.close();
        scheduler.shutdownNow();
        awaitTermination(scheduler);
        closer.shutdown();
        awaitTermination(closer);
        continuer.shutdown();
        awaitTermination(continuer);
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "Closing JSON-B failed", e);
        }
        metrics.close();
        joinThreads();
    }

    /**
     * Closes every open session with 1001 (going away), on the close pool: a close to a client
     * that stopped reading may wait for its send in flight. The pool is awaited (up to seconds)
     * before the application's threads stop. Containers may close sessions at undeploy too, but
     * not all do it the same way; this way every client of every container hears 1001.
     */
    private void closeOpenSessions() {
        CloseReason stopping = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, STOPPING);
        for (Connection connection : connections.open()) {
            closer.execute(() -> connection.sender().closeAtOnce(stopping));
        }
    }

    /**
     * A terminated pool's last thread may still be finishing; containers check for live
     * threads right after undeploy, so wait for each one to be gone.
     */
    private void joinThreads() {
        List<Thread> started;
        synchronized (threads) {
            started = new ArrayList<>(threads);
        }
        for (Thread thread : started) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                LOG.warning("Thread " + thread.getName() + " did not stop");
            }
        }
    }

    private static void awaitTermination(ThreadPoolExecutor pool) {
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
                LOG.warning("Tasks still running at shutdown were interrupted");
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Named daemon threads, so a thread dump says whose they are, remembered so that {@link #stop} can join them. */
    private ThreadFactory threadFactory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            synchronized (threads) {
                threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
                threads.add(thread);
            }
            return thread;
        };
    }

}
