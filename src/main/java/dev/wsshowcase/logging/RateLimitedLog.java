package dev.wsshowcase.logging;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A log line that any client can cause, as often as it likes (a malformed request), written at
 * most once per interval so that nobody can flood the log: the first occurrence is written, the
 * others within the interval are only counted, and the next line written says how many were
 * left out. No stack traces: the line says what the client did wrong.
 *
 * <p>Thread-safe; the message is built only when a line is written.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final Level level;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private boolean written;
    private long lastWritten;
    private long suppressed;

    public RateLimitedLog(Logger logger, Level level, Duration interval) {
        this(logger, level, interval, System::nanoTime);
    }

    RateLimitedLog(Logger logger, Level level, Duration interval, LongSupplier nanoClock) {
        this.logger = logger;
        this.level = level;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Writes {@code message}, unless a line was written less than the interval ago; then counts it. */
    public void log(Supplier<String> message) {
        long leftOut;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (written && now - lastWritten < intervalNanos) {
                suppressed++;
                return;
            }
            written = true;
            lastWritten = now;
            leftOut = suppressed;
            suppressed = 0;
        }
        if (logger.isLoggable(level)) {
            String text = message.get();
            logger.log(level, leftOut == 0 ? text
                    : text + " (" + leftOut + " more like it since the last such line were not logged)");
        }
    }
}
