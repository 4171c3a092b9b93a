package dev.wsshowcase.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsshowcase.chat.ChatEndpoint;
import dev.wsshowcase.chat.codec.ChatCommand;
import dev.wsshowcase.clock.ClockEndpoint;
import dev.wsshowcase.clock.codec.ClockCommand;
import dev.wsshowcase.echo.EchoEndpoint;
import dev.wsshowcase.testsupport.FakeSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Opens each endpoint on a fake session and makes every callback a container may still make
 * on it (messages, a binary one, an error, the close), for tests of connections the endpoints
 * must leave alone.
 */
final class EndpointCallbacks {

    private EndpointCallbacks() {
    }

    static void echo(FakeSession fake) {
        EchoEndpoint endpoint = new EchoEndpoint();
        endpoint.open(fake.session());
        endpoint.text("hello", true);
        endpoint.binary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
        endpoint.error(new IOException("connection reset"));
        endpoint.close(new CloseReason(CloseCodes.GOING_AWAY, Showcase.STOPPING));
    }

    /** As for the echo, also passing {@code decoded} (what the endpoint's decoder gave) to the endpoint first. */
    static void clock(FakeSession fake, ClockCommand... decoded) {
        ClockEndpoint endpoint = new ClockEndpoint();
        endpoint.open(fake.session());
        for (ClockCommand command : decoded) {
            endpoint.command(command);
        }
        endpoint.command(new ClockCommand.Sync(1));
        endpoint.binary(ByteBuffer.wrap(new byte[] {1}), true);
        endpoint.error(new IOException("connection reset"));
        endpoint.close(new CloseReason(CloseCodes.GOING_AWAY, Showcase.STOPPING));
    }

    /** As for the clock. */
    static void chat(FakeSession fake, ChatCommand... decoded) {
        ChatEndpoint endpoint = new ChatEndpoint();
        endpoint.open(fake.session(), "lobby");
        for (ChatCommand command : decoded) {
            endpoint.command(command);
        }
        endpoint.command(new ChatCommand.Say("hi"));
        endpoint.binary(ByteBuffer.wrap(new byte[] {1}), true);
        endpoint.error(new IOException("connection reset"));
        endpoint.close(new CloseReason(CloseCodes.GOING_AWAY, Showcase.STOPPING));
    }

    /** The session was closed once, with {@code code} and {@code reason}, and was sent nothing. */
    static void assertClosedOnceAndSentNothing(FakeSession fake, CloseReason.CloseCode code, String reason) {
        List<CloseReason> closes = fake.closes();
        assertEquals(1, closes.size(), closes.toString());
        assertEquals(code, closes.get(0).getCloseCode());
        assertEquals(reason, closes.get(0).getReasonPhrase());
        assertEquals(List.of(), fake.sent());
    }
}
