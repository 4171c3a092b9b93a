package dev.wsshowcase.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wsshowcase.chat.ChatEndpoint;
import dev.wsshowcase.chat.codec.ChatCommand;
import dev.wsshowcase.chat.codec.ChatDecoder;
import dev.wsshowcase.clock.ClockEndpoint;
import dev.wsshowcase.clock.codec.ClockCommand;
import dev.wsshowcase.clock.codec.ClockDecoder;
import dev.wsshowcase.echo.EchoEndpoint;
import dev.wsshowcase.testsupport.FakeSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A connection that opens after the application stopped (undeploy under way): it is closed
 * with 1001 at once, and the endpoint's other callbacks, which the container may still call,
 * do nothing. The tests share the one application, so they do not overlap.
 */
@Execution(ExecutionMode.SAME_THREAD)
class OpeningWhileStoppingTest {

    private final FakeSession fake = new FakeSession();

    @BeforeEach
    void stopTheApplication() {
        Showcase.start(Settings.load(name -> null, name -> null, name -> null));
        Showcase.stop();
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
        endpoint.close(new CloseReason(CloseCodes.GOING_AWAY, Showcase.STOPPING));
        assertClosedOnceAsStoppingAndSentNothing();
    }

    @Test
    void clock() {
        ClockEndpoint endpoint = new ClockEndpoint();
        endpoint.open(fake.session());
        ClockDecoder decoder = new ClockDecoder();
        decoder.init(null);
        ClockCommand decoded = decoder.decode("{\"type\":\"sync\",\"clientTime\":1}");
        assertInstanceOf(ClockCommand.Invalid.class, decoded, "decoded without an application, without throwing");
        endpoint.command(decoded);
        endpoint.command(new ClockCommand.Sync(1));
        endpoint.binary(ByteBuffer.wrap(new byte[] {1}), true);
        endpoint.error(new IOException("connection reset"));
        endpoint.close();
        assertClosedOnceAsStoppingAndSentNothing();
    }

    @Test
    void chat() {
        ChatDecoder decoder = new ChatDecoder();
        decoder.init(null);
        ChatCommand decoded = decoder.decode("{\"type\":\"message\",\"text\":\"hi\"}");
        assertInstanceOf(ChatCommand.Invalid.class, decoded, "decoded without an application, without throwing");

        ChatEndpoint endpoint = new ChatEndpoint();
        endpoint.open(fake.session(), "lobby");
        endpoint.command(decoded);
        endpoint.command(new ChatCommand.Say("hi"));
        endpoint.binary(ByteBuffer.wrap(new byte[] {1}), true);
        endpoint.error(new IOException("connection reset"));
        endpoint.close();
        assertClosedOnceAsStoppingAndSentNothing();
    }

    private void assertClosedOnceAsStoppingAndSentNothing() {
        List<CloseReason> closes = fake.closes();
        assertEquals(1, closes.size(), closes.toString());
        assertEquals(CloseCodes.GOING_AWAY, closes.get(0).getCloseCode());
        assertEquals(Showcase.STOPPING, closes.get(0).getReasonPhrase());
        assertEquals(List.of(), fake.sent());
    }
}
