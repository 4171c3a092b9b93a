package dev.wsshowcase.shared;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the application's open connections, in all and per client address, and refuses one
 * past either limit ({@link Settings#MAX_CONNECTIONS}, {@link Settings#MAX_CONNECTIONS_PER_ADDRESS}).
 * A refused connection is closed with 1013 (try again later) by the caller.
 *
 * <p>The client address is the one the container saw, or with {@link Settings#PROXY_TRUSTED} the
 * first of the proxy's {@code Forwarded: for=} / {@code X-Forwarded-For}. Where the container
 * does not tell it (no servlet request, as with the Tyrus standalone server), only the total
 * applies.
 */
public final class Connections {

    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<String, Integer> perAddress = new HashMap<>();
    private int total;

    public Connections(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Counts a new connection from {@code address} (null if unknown).
     *
     * @return null if admitted (then {@link #release} must follow exactly once), else why not
     */
    public synchronized String admit(String address) {
        if (total >= maxTotal) {
            return "server full: " + maxTotal + " connections";
        }
        if (address != null) {
            int count = perAddress.getOrDefault(address, 0);
            if (count >= maxPerAddress) {
                return "too many connections from one address: " + maxPerAddress;
            }
            perAddress.put(address, count + 1);
        }
        total++;
        return null;
    }

    /** Forgets an admitted connection. */
    public synchronized void release(String address) {
        total--;
        if (address != null) {
            perAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    public synchronized int total() {
        return total;
    }

    public synchronized int from(String address) {
        return perAddress.getOrDefault(address, 0);
    }
}
