package dev.wsshowcase.clock;

import dev.wsshowcase.clock.codec.ClockCommand;
import dev.wsshowcase.codec.ErrorMessage;
import dev.wsshowcase.codec.InvalidMessage;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * What one client asked for: a tick every {@code intervalSeconds} (1 s to 1 h), with the time
 * shown in {@code zone}. Clients with equal settings share a group and one serialized tick.
 */
record ClockSettings(int intervalSeconds, ZoneId zone) {

    static final int MIN_INTERVAL = ClockCommand.MIN_INTERVAL;
    static final int MAX_INTERVAL = ClockCommand.MAX_INTERVAL;
    static final ClockSettings DEFAULT = new ClockSettings(1, ZoneId.of("UTC"));

    ClockSettings withInterval(long seconds) throws InvalidMessage {
        if (seconds < MIN_INTERVAL || seconds > MAX_INTERVAL) {
            throw invalidInterval();
        }
        return new ClockSettings((int) seconds, zone);
    }

    /** Parses a query parameter's text. */
    ClockSettings withInterval(String seconds) throws InvalidMessage {
        try {
            return withInterval(Long.parseLong(seconds.trim()));
        } catch (NumberFormatException e) {
            throw invalidInterval();
        }
    }

    ClockSettings withZone(String id) throws InvalidMessage {
        try {
            return new ClockSettings(intervalSeconds, ZoneId.of(id));
        } catch (DateTimeException e) {
            throw new InvalidMessage(ErrorMessage.INVALID_FIELD, "zone",
                    "'zone' must be an IANA time zone such as Europe/Paris or UTC; '" + InvalidMessage.excerpt(id) + "' is not one");
        }
    }

    private static InvalidMessage invalidInterval() {
        return new InvalidMessage(ErrorMessage.INVALID_FIELD, "interval",
                "'interval' must be a whole number of seconds from " + MIN_INTERVAL + " to " + MAX_INTERVAL);
    }

}
