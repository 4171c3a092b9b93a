package dev.wsshowcase.connection;

import dev.wsshowcase.liveness.Keepalive;
import dev.wsshowcase.liveness.Liveness;
import dev.wsshowcase.send.SessionSender;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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

    /** How long a close may wait for a message stuck in flight, on Tomcat ({@link SessionSender#BLOCKING_SEND_TIMEOUT}). */
    static final long CLOSE_SEND_TIMEOUT_MILLIS = 2_000L;

    private final int maxTotal;
    private final int maxPerAddress;
    /** Each open connection and its client address (null if unknown). */
    private final Map<Connection, String> open = new IdentityHashMap<>();
    private final Map<String, Integer> perAddress = new HashMap<>();

    public Connections(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
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
        Connection connection = new Connection(sender, new Liveness(sender));
        String address = session.getUserProperties().get(CLIENT_ADDRESS) instanceof String a ? a : null;
        String refusal = admit(connection, address);
        if (refusal != null) {
            sender.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, refusal));
            return new Admission.Refused(refusal);
        }
        connection.whenClosed(() -> release(connection));
        keepalive.watch(connection.liveness());
        return new Admission.Admitted(connection);
    }

    /**
     * Counts a new connection from {@code address} (null if unknown).
     *
     * @return null if admitted (then {@link #release} follows when it closes), else why not
     */
    synchronized String admit(Connection connection, String address) {
        if (open.size() >= maxTotal) {
            return "server full: " + maxTotal + " connections";
        }
        if (address != null) {
            int count = perAddress.getOrDefault(address, 0);
            if (count >= maxPerAddress) {
                return "too many connections from one address: " + maxPerAddress;
            }
            perAddress.put(address, count + 1);
        }
        open.put(connection, address);
        return null;
    }

    /** Forgets a connection; nothing happens if it was not admitted or is already released. */
    synchronized void release(Connection connection) {
        if (!open.containsKey(connection)) {
            return;
        }
        String address = open.remove(connection);
        if (address != null) {
            perAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** The connections still open. */
    public synchronized List<Connection> open() {
        return List.copyOf(open.keySet());
    }

    public synchronized int total() {
        return open.size();
    }

    public synchronized int from(String address) {
        return perAddress.getOrDefault(address, 0);
    }
}
