package dev.wsshowcase.clock;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.clock.codec.ClockCommand;
import dev.wsshowcase.clock.codec.ClockEvent;
import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.codec.JsonOutbound;
import dev.wsshowcase.connection.Connection;
import dev.wsshowcase.connection.TextBuffer;
import dev.wsshowcase.handshake.QueryParameters;
import dev.wsshowcase.send.SessionSender;
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
    private final Connection connection;
    private final SessionSender sender;
    private final JsonOutbound json;
    private ClockSettings settings;
    private boolean open = true;

    private ClockSession(Clock clock, Connection connection, JsonOutbound json, ClockSettings settings) {
        this.clock = clock;
        this.connection = connection;
        this.sender = connection.sender();
        this.json = json;
        this.settings = settings;
    }

    static ClockSession open(Showcase showcase, Connection connection) {
        Session session = connection.session();
        TextBuffer.fit(session, ClockEndpoint.MAX_COMMAND_BYTES);
        return open(Clock.of(showcase), connection, showcase.json(),
                QueryParameters.first(session, "interval"), QueryParameters.first(session, "zone"), showcase.nodeId());
    }

    static ClockSession open(Clock clock, Connection connection, JsonOutbound json, String interval, String zone) {
        return open(clock, connection, json, interval, zone, null);
    }

    /** @param node the node's name, for the first settings message (null: left out) */
    static ClockSession open(Clock clock, Connection connection, JsonOutbound json, String interval, String zone, String node) {
        SessionSender sender = connection.sender();
        ClockSettings settings = ClockSettings.DEFAULT;
        if (interval != null) {
            try {
                settings = settings.withInterval(interval);
            } catch (InvalidMessage e) {
                sender.send(json.encode(e.toErrorMessage()));
            }
        }
        if (zone != null) {
            try {
                settings = settings.withZone(zone);
            } catch (InvalidMessage e) {
                sender.send(json.encode(e.toErrorMessage()));
            }
        }
        ClockSession session = new ClockSession(clock, connection, json, settings);
        session.reply(new ClockEvent.Settings(settings.intervalSeconds(), settings.zone().getId(), node));
        clock.subscribe(sender, settings);
        return session;
    }

    /** Handles one command; an unexpected exception closes this connection alone with 1011 ({@link Connection#receive}). */
    void command(ClockCommand command) {
        long received = clock.time().millis();
        connection.receive(() -> handle(command, received), this::unsubscribe);
    }

    private void handle(ClockCommand command, long received) {
        try {
            if (command instanceof ClockCommand.ChangeSettings change) {
                changeSettings(change);
            } else if (command instanceof ClockCommand.Sync sync) {
                reply(new ClockEvent.SyncReply(sync.clientTime(), received, clock.time().millis()));
            } else if (command instanceof ClockCommand.Invalid invalid) {
                reply(invalid.error().toErrorMessage());
            }
        } catch (InvalidMessage e) {
            reply(e.toErrorMessage());
        }
    }

    void binary() {
        connection.refuseBinary(this::unsubscribe, "clock accepts JSON text messages only");
    }

    void closed(CloseReason reason) {
        unsubscribe();
        connection.closed(reason);
    }

    /** Stops the ticks, once; false if they were stopped already. */
    private boolean unsubscribe() {
        if (!open) {
            return false;
        }
        open = false;
        clock.unsubscribe(sender, settings);
        return true;
    }

    private void changeSettings(ClockCommand.ChangeSettings change) throws InvalidMessage {
        ClockSettings changed = settings;
        if (change.interval() != null) {
            changed = changed.withInterval(change.interval());
        }
        if (change.zone() != null) {
            changed = changed.withZone(change.zone());
        }
        if (open) {
            clock.change(sender, settings, changed);
        }
        settings = changed;
        reply(settingsMessage(settings));
    }

    private static ClockEvent.Settings settingsMessage(ClockSettings settings) {
        return new ClockEvent.Settings(settings.intervalSeconds(), settings.zone().getId());
    }

    private void reply(Object message) {
        sender.send(json.encode(message));
    }

}
