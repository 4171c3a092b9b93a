package dev.wsshowcase.shared;

import jakarta.websocket.Session;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The running application: its settings and the few threads it owns. There is one per web
 * application (a static field of a class the web application's class loader loaded).
 *
 * <p><b>Lifecycle.</b> In a servlet container {@link ShowcaseListener} calls {@link #start} at
 * deploy and {@link #stop} at undeploy, so no thread of ours outlives the application. Where
 * there is no servlet context (the Tyrus standalone server, a unit test) {@link #current}
 * starts one with {@link Settings#fromEnvironment()} on first use, and whoever started the
 * server calls {@link #stop}.
 *
 * <p><b>Threads.</b> A small pool closes sessions whose close may block (a client that stopped
 * reading); it never grows with the number of clients.
 */
public final class Showcase {

    private static final Logger LOG = Logger.getLogger(Showcase.class.getName());
    private static final Object LOCK = new Object();
    private static Showcase current;

    private final Settings settings;
    private final ThreadPoolExecutor closer;

    private Showcase(Settings settings) {
        this.settings = settings;
        this.closer = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("websocket-showcase-close"));
        this.closer.allowCoreThreadTimeOut(true);
    }

    /** Starts the application with {@code settings}, stopping one that was running. */
    public static Showcase start(Settings settings) {
        synchronized (LOCK) {
            if (current != null) {
                current.shutdown();
            }
            current = new Showcase(settings);
            return current;
        }
    }

    /** The running application, started with settings from the environment if none is. */
    public static Showcase current() {
        synchronized (LOCK) {
            if (current == null) {
                current = new Showcase(Settings.fromEnvironment());
            }
            return current;
        }
    }

    /** Stops the running application, if any, and waits briefly for its threads to end. */
    public static void stop() {
        synchronized (LOCK) {
            if (current != null) {
                current.shutdown();
                current = null;
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    /** A sender for {@code session} with the configured queue bounds. */
    public SessionSender senderFor(Session session) {
        return new SessionSender(session, closer,
                settings.get(Settings.SEND_MAX_QUEUED_MESSAGES),
                settings.get(Settings.SEND_MAX_QUEUED_BYTES),
                settings.get(Settings.SEND_TIMEOUT_MILLIS));
    }

    private void shutdown() {
        closer.shutdown();
        try {
            if (!closer.awaitTermination(5, TimeUnit.SECONDS)) {
                closer.shutdownNow();
                LOG.warning("Close tasks still running at shutdown were interrupted");
            }
        } catch (InterruptedException e) {
            closer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Named daemon threads, so a thread dump says whose they are. */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

}
