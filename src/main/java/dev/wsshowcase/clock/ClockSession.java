package dev.wsshowcase.clock;

import dev.wsshowcase.shared.Outbound;
import dev.wsshowcase.shared.QueryParameters;
import dev.wsshowcase.shared.SessionSender;
import dev.wsshowcase.shared.Showcase;
import dev.wsshowcase.shared.codec.ErrorMessage;
import dev.wsshowcase.shared.codec.InvalidMessage;
import dev.wsshowcase.shared.codec.JsonFields;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

/**
 * One clock connection: its settings, the commands it sends and the replies.
 *
 * <p>Commands (JSON text):
 * <ul>
 *   <li>{@code {"type":"settings","interval":5,"zone":"Asia/Shanghai"}}: either field or both;
 *       answered with the settings in force. A bad value is answered with an error naming the
 *       field, and nothing changes.</li>
 *   <li>{@code {"type":"sync","clientTime":1795315200000}}: answered with a sync reply.</li>
 * </ul>
 * The same settings may be given at connect as the query parameters {@code interval} and
 * {@code zone}. A binary message closes the connection with 1003.
 *
 * <p><b>Threading.</b> The container calls one method at a time per session.
 */
final class ClockSession {

    private final Clock clock;
    private final SessionSender sender;
    private final Jsonb jsonb;
    private ClockSettings settings;
    private boolean open = true;

    private ClockSession(Clock clock, SessionSender sender, Jsonb jsonb, ClockSettings settings) {
        this.clock = clock;
        this.sender = sender;
        this.jsonb = jsonb;
        this.settings = settings;
    }

    static ClockSession open(Showcase showcase, Session session) {
        return open(Clock.of(showcase), showcase.senderFor(session), showcase.jsonb(),
                QueryParameters.first(session, "interval"), QueryParameters.first(session, "zone"));
    }

    static ClockSession open(Clock clock, SessionSender sender, Jsonb jsonb, String interval, String zone) {
        ClockSettings settings = ClockSettings.DEFAULT;
        if (sender.refused()) {
            ClockSession refused = new ClockSession(clock, sender, jsonb, settings);
            refused.open = false;
            return refused;
        }
        if (interval != null) {
            try {
                settings = settings.withInterval(interval);
            } catch (InvalidMessage e) {
                sender.send(Outbound.text(jsonb.toJson(e.toErrorMessage())));
            }
        }
        if (zone != null) {
            try {
                settings = settings.withZone(zone);
            } catch (InvalidMessage e) {
                sender.send(Outbound.text(jsonb.toJson(e.toErrorMessage())));
            }
        }
        ClockSession session = new ClockSession(clock, sender, jsonb, settings);
        session.reply(new ClockMessages.Settings(settings));
        clock.subscribe(sender, settings);
        return session;
    }

    /** Handles one command; an unexpected exception closes this connection alone with 1011 ({@link SessionSender#internalError}). */
    void text(String message) {
        sender.heard();
        try {
            handle(message);
        } catch (RuntimeException e) {
            unsubscribe();
            sender.internalError(e);
        }
    }

    private void handle(String message) {
        long received = clock.time().millis();
        try {
            JsonFields fields = JsonFields.parse(jsonb, message);
            String type = fields.type();
            switch (type) {
                case "settings" -> changeSettings(fields);
                case "sync" -> reply(new ClockMessages.SyncReply(
                        fields.requiredLong("clientTime", 0, 9_999_999_999_999L), received, clock.time().millis()));
                default -> throw new InvalidMessage(ErrorMessage.UNKNOWN_TYPE, "type",
                        "unknown message type '" + InvalidMessage.excerpt(type) + "'; expected 'settings' or 'sync'");
            }
        } catch (InvalidMessage e) {
            reply(e.toErrorMessage());
        }
    }

    void binary() {
        sender.heard();
        if (!open) {
            return;
        }
        unsubscribe();
        sender.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "clock accepts JSON text messages only"));
    }

    void closed() {
        unsubscribe();
        sender.closed();
    }

    private void unsubscribe() {
        if (open) {
            open = false;
            clock.unsubscribe(sender, settings);
        }
    }

    private void changeSettings(JsonFields fields) throws InvalidMessage {
        ClockSettings changed = settings;
        if (fields.has("interval")) {
            changed = changed.withInterval(fields.requiredLong("interval", ClockSettings.MIN_INTERVAL, ClockSettings.MAX_INTERVAL));
        }
        if (fields.has("zone")) {
            changed = changed.withZone(fields.requiredString("zone"));
        }
        if (open) {
            clock.change(sender, settings, changed);
        }
        settings = changed;
        reply(new ClockMessages.Settings(settings));
    }

    private void reply(Object message) {
        sender.send(Outbound.text(jsonb.toJson(message)));
    }

}
