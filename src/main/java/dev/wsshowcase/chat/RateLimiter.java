package dev.wsshowcase.chat;

/**
 * A token bucket: {@code burst} messages at once, refilled at {@code perSecond}. Refused
 * messages are counted per streak: a streak ends once a second passes without a refusal, so a
 * client that keeps flooding (and so keeps being refused, even if a refilled token lets a
 * message through now and then) keeps adding to its streak. Not thread-safe: one per session,
 * used by the container's one-at-a-time message delivery.
 */
final class RateLimiter {

    private static final long STREAK_GAP_NANOS = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;
    private int refusedInStreak;
    private long lastRefused;

    RateLimiter(int perSecond, int burst, long now) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    /** Takes a token if there is one. */
    boolean tryAcquire(long now) {
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (refusedInStreak > 0 && now - lastRefused > STREAK_GAP_NANOS) {
            refusedInStreak = 0;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        refusedInStreak++;
        lastRefused = now;
        return false;
    }

    /** Messages refused in the current streak (1 for the first refusal after a calm second). */
    int refusedInStreak() {
        return refusedInStreak;
    }
}
