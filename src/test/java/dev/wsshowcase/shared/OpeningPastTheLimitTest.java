package dev.wsshowcase.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A connection past the connection limit: every endpoint alike closes it with 1013 at once,
 * keeps nothing for it and sends it nothing, whatever callbacks the container still makes. The
 * tests share the one application, so they do not overlap.
 */
@Execution(ExecutionMode.SAME_THREAD)
class OpeningPastTheLimitTest {

    private final FakeSession first = new FakeSession();
    private final FakeSession fake = new FakeSession();
    private Showcase showcase;

    @BeforeEach
    void startWithRoomForOne() {
        showcase = Showcase.start(Settings.load(Map.of(Settings.MAX_CONNECTIONS.name(), "1")::get, name -> null, name -> null));
        assertInstanceOf(Admission.Admitted.class, showcase.admit(first.session()));
    }

    @AfterEach
    void startAfresh() {
        Showcase.reset();
    }

    @Test
    void echo() {
        EchoEndpoint endpoint = new EchoEndpoint();
        endpoint.open(fake.session());
        endpoint.text("hello", true);
        endpoint.binary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
        endpoint.error(new IOException("connection reset"));
        endpoint.close(new CloseReason(CloseCodes.TRY_AGAIN_LATER, "server full: 1 connections"));
        assertRefusedOnceAndSentNothing();
    }

    @Test
    void clock() {
        ClockEndpoint endpoint = new ClockEndpoint();
        endpoint.open(fake.session());
        endpoint.command(new ClockCommand.Sync(1));
        endpoint.binary(ByteBuffer.wrap(new byte[] {1}), true);
        endpoint.error(new IOException("connection reset"));
        endpoint.close();
        assertRefusedOnceAndSentNothing();
    }

    @Test
    void chat() {
        ChatEndpoint endpoint = new ChatEndpoint();
        endpoint.open(fake.session(), "lobby");
        endpoint.command(new ChatCommand.Say("hi"));
        endpoint.binary(ByteBuffer.wrap(new byte[] {1}), true);
        endpoint.error(new IOException("connection reset"));
        endpoint.close();
        assertRefusedOnceAndSentNothing();
    }

    private void assertRefusedOnceAndSentNothing() {
        List<CloseReason> closes = fake.closes();
        assertEquals(1, closes.size(), closes.toString());
        assertEquals(CloseCodes.TRY_AGAIN_LATER, closes.get(0).getCloseCode());
        assertEquals("server full: 1 connections", closes.get(0).getReasonPhrase());
        assertEquals(List.of(), fake.sent());
        assertEquals(1, showcase.connections().total(), "the refused connection was never counted");
    }
}
