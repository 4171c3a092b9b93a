package dev.wsshowcase.clock.codec;

import dev.wsshowcase.codec.ErrorMessage;
import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.codec.JsonFields;
import jakarta.json.bind.Jsonb;

/** What a clock client asks for: a JSON object with a {@code type}. */
public sealed interface ClockCommand {

    /** Shortest interval a client may ask for, in seconds. */
    int MIN_INTERVAL = 1;
    /** Longest interval a client may ask for, in seconds. */
    int MAX_INTERVAL = 3600;

    /**
     * {@code {"type":"settings","interval":5,"zone":"Asia/Shanghai"}}: either field or both,
     * null where the client left it out; with neither, it asks for the settings in force. The
     * zone is checked by whoever applies it.
     */
    record ChangeSettings(Integer interval, String zone) implements ClockCommand {
    }

    /** {@code {"type":"sync","clientTime":1795315200000}}: the client's clock, in epoch milliseconds. */
    record Sync(long clientTime) implements ClockCommand {
    }

    /** Input that is not a command; answered with {@link #error()}, the connection stays open. */
    record Invalid(InvalidMessage error) implements ClockCommand {
    }

    /** Decodes one text message. Never throws. */
    static ClockCommand parse(Jsonb jsonb, String text) {
        try {
            JsonFields fields = JsonFields.parse(jsonb, text);
            String type = fields.type();
            return switch (type) {
                case "settings" -> new ChangeSettings(
                        fields.has("interval") ? (int) fields.requiredLong("interval", MIN_INTERVAL, MAX_INTERVAL) : null,
                        fields.has("zone") ? fields.requiredString("zone") : null);
                case "sync" -> new Sync(fields.requiredLong("clientTime", 0, 9_999_999_999_999L));
                default -> throw new InvalidMessage(ErrorMessage.UNKNOWN_TYPE, "type",
                        "unknown message type '" + InvalidMessage.excerpt(type) + "'; expected 'settings' or 'sync'");
            };
        } catch (InvalidMessage e) {
            return new Invalid(e);
        }
    }
}
