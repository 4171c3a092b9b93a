package dev.wsshowcase.connection;

import dev.wsshowcase.liveness.Keepalive;
import dev.wsshowcase.logging.RateLimitedLog;
import dev.wsshowcase.metrics.Metrics;
import dev.wsshowcase.send.SessionSender;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's open connections: counted in all and per client address against the
 * limits ({@code showcase.limits.max-connections}, {@code showcase.limits.max-connections-per-address}),
 * and kept so that the application can close them when it stops. A connection past either
 * limit is refused and closed with 1013 (try again later).
 *
 * <p>The client address is the one the handshake put in the session's user property
 * {@link #CLIENT_ADDRESS}: the one the container saw, or the one a trusted proxy saw. Where the
 * container does not tell it (no servlet request, as with the Tyrus standalone server), only
 * the total applies.
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 */
public final class Connections {

    /** The session user property holding the client's address, when known. */
    public static final String CLIENT_ADDRESS = "dev.wsshowcase.clientAddress";

    /** The session user property holding the endpoint's name ({@code echo}, {@code clock}, {@code chat}), the label of its meters. */
    public static final String ENDPOINT = "dev.wsshowcase.endpoint";

    /** The endpoint label of a session whose handshake did not name it. */
    static final String UNKNOWN_ENDPOINT = "unknown";

    private static final Logger LOG = Logger.getLogger(Connections.class.getName());
    private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG, Level.INFO, Duration.ofMinutes(1));

    /** How long a close may wait for a message stuck in flight, on Tomcat ({@link SessionSender#BLOCKING_SEND_TIMEOUT}). */
    static final long CLOSE_SEND_TIMEOUT_MILLIS = 2_000L;

    private final int maxTotal;
    private final int maxPerAddress;
    /** The open connections, each counted in {@link #perAddress} under its {@link Connection#address} if known. */
    private final Set<Connection> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Integer> perAddress = new HashMap<>();
    private final Map<String, Integer> perEndpoint = new HashMap<>();
    private final Metrics metrics;
    /** Endpoints whose gauge is registered. */
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    /** Limits without metrics (unit tests). */
    public Connections(int maxTotal, int maxPerAddress) {
        this(maxTotal, maxPerAddress, Metrics.none());
    }

    public Connections(int maxTotal, int maxPerAddress, Metrics metrics) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.metrics = metrics;
    }

    /**
     * Opens the connection of {@code sender}'s session: counted against the limits from the
     * client's address ({@link #CLIENT_ADDRESS}, if known) and watched by
     * {@code keepalive}; or, past a limit, refused and already closing with 1013.
     */
    public Admission open(SessionSender sender, Keepalive keepalive) {
        Session session = sender.session();
        // Tomcat-specific: bounds how long a close waits for a message stuck in flight (its default is 20 s).
        session.getUserProperties().put(SessionSender.BLOCKING_SEND_TIMEOUT, CLOSE_SEND_TIMEOUT_MILLIS);
        String address = session.getUserProperties().get(CLIENT_ADDRESS) instanceof String a ? a : null;
        String endpoint = session.getUserProperties().get(ENDPOINT) instanceof String e ? e : UNKNOWN_ENDPOINT;
        Connection connection = new Connection(sender, endpoint, address, metrics);
        if (gauged.add(endpoint)) {
            metrics.gauge("showcase.connections.open", "Connections open now, by endpoint",
                    this, connections -> connections.at(endpoint), "endpoint", endpoint);
        }
        Refusal refusal = admit(connection);
        if (refusal != null) {
            metrics.refused(refusal.kind());
            REFUSALS.log(() -> "Refused a " + endpoint + " connection from " + (address == null ? "an unknown address" : address)
                    + " with 1013: " + refusal.reason());
            sender.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, refusal.reason()));
            return new Admission.Refused(refusal.reason());
        }
        connection.whenClosed(() -> release(connection));
        keepalive.watch(connection.liveness());
        return new Admission.Admitted(connection);
    }

    /** Why a connection was refused: the metric's reason and the close reason phrase. */
    record Refusal(Metrics.Refusal kind, String reason) {
    }

    /**
     * Counts a new connection from its address (null if unknown).
     *
     * @return null if admitted (then {@link #release} follows when it closes), else why not
     */
    synchronized Refusal admit(Connection connection) {
        String address = connection.address();
        if (open.size() >= maxTotal) {
            return new Refusal(Metrics.Refusal.LIMIT_TOTAL, "server full: " + maxTotal + " connections");
        }
        if (address != null) {
            int count = perAddress.getOrDefault(address, 0);
            if (count >= maxPerAddress) {
                return new Refusal(Metrics.Refusal.LIMIT_ADDRESS, "too many connections from one address: " + maxPerAddress);
            }
            perAddress.put(address, count + 1);
        }
        open.add(connection);
        perEndpoint.merge(connection.endpoint(), 1, Integer::sum);
        return null;
    }

    /** Forgets a connection; nothing happens if it was not admitted or is already released. */
    synchronized void release(Connection connection) {
        if (!open.remove(connection)) {
            return;
        }
        String address = connection.address();
        if (address != null) {
            perAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        }
        perEndpoint.computeIfPresent(connection.endpoint(), (key, count) -> count > 1 ? count - 1 : null);
    }

    /** The connections still open. */
    public synchronized List<Connection> open() {
        return List.copyOf(open);
    }

    public synchronized int total() {
        return open.size();
    }

    /** Open connections of {@code endpoint}. */
    public synchronized int at(String endpoint) {
        return perEndpoint.getOrDefault(endpoint, 0);
    }

    public synchronized int from(String address) {
        return perAddress.getOrDefault(address, 0);
    }
}
