package dev.wsshowcase.shared;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application's open connections: counted in all and per client address against the
 * limits ({@link Settings#MAX_CONNECTIONS}, {@link Settings#MAX_CONNECTIONS_PER_ADDRESS}), and
 * kept so that {@link Showcase#stop} can close them. A connection past either limit is refused;
 * the caller closes it with 1013 (try again later).
 *
 * <p>The client address is the one the container saw, or with {@link Settings#PROXY_TRUSTED} the
 * one the trusted proxy saw ({@link ForwardedHeaders}). Where the container
 * does not tell it (no servlet request, as with the Tyrus standalone server), only the total
 * applies.
 */
public final class Connections {

    private final int maxTotal;
    private final int maxPerAddress;
    /** Each open connection and its client address (null if unknown). */
    private final Map<SessionSender, String> open = new IdentityHashMap<>();
    private final Map<String, Integer> perAddress = new HashMap<>();

    public Connections(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Counts a new connection from {@code address} (null if unknown).
     *
     * @return null if admitted (then {@link #release} follows when it closes), else why not
     */
    public synchronized String admit(SessionSender sender, String address) {
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
        open.put(sender, address);
        return null;
    }

    /** Forgets a connection; nothing happens if it was not admitted or is already released. */
    public synchronized void release(SessionSender sender) {
        if (!open.containsKey(sender)) {
            return;
        }
        String address = open.remove(sender);
        if (address != null) {
            perAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** The connections still open. */
    public synchronized List<SessionSender> open() {
        return List.copyOf(open.keySet());
    }

    public synchronized int total() {
        return open.size();
    }

    public synchronized int from(String address) {
        return perAddress.getOrDefault(address, 0);
    }
}
