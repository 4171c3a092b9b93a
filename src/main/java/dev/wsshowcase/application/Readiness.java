package dev.wsshowcase.application;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether the application takes connections now, for a load balancer ({@code GET api/ready}):
 * the answer of every check contributed to it. The application contributes its own
 * ({@value #DRAINING}: not ready once it has started to stop); a component that the
 * application cannot serve without (a broker such as Redis, when one is configured) contributes
 * one that names it, for the application's life.
 *
 * <p>A check is a {@link Supplier} of the reason it is not ready, or null when it is; it is
 * called on every readiness request, so it must be quick and must not block (read a state the
 * component keeps up to date, do not open a connection).
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 */
public final class Readiness {

    /** The name of the application's own check. */
    public static final String DRAINING = "draining";

    private final Map<String, Supplier<String>> checks = new LinkedHashMap<>();

    /** Adds or replaces the check named {@code name}. */
    public synchronized void contribute(String name, Supplier<String> notReadyBecause) {
        checks.put(name, notReadyBecause);
    }

    /** Every check's state: the reason it is not ready, or null when it is; in the order contributed. */
    public Map<String, String> states() {
        Map<String, Supplier<String>> now;
        synchronized (this) {
            now = new LinkedHashMap<>(checks);
        }
        Map<String, String> states = new LinkedHashMap<>();
        now.forEach((name, check) -> {
            String reason;
            try {
                reason = check.get();
            } catch (RuntimeException e) {
                reason = "check failed: " + e;
            }
            states.put(name, reason);
        });
        return states;
    }

    /** Whether every check is ready. */
    public boolean ready() {
        return states().values().stream().allMatch(reason -> reason == null);
    }
}
