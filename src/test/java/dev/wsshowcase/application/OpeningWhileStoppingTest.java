package dev.wsshowcase.application;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wsshowcase.ShowcaseListener;
import dev.wsshowcase.chat.codec.ChatCommand;
import dev.wsshowcase.chat.codec.ChatDecoder;
import dev.wsshowcase.clock.codec.ClockCommand;
import dev.wsshowcase.clock.codec.ClockDecoder;
import dev.wsshowcase.testsupport.FakeSession;
import jakarta.websocket.CloseReason.CloseCodes;
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
        Showcase.start(Settings.load(ShowcaseListener.SETTINGS, name -> null, name -> null, name -> null));
        Showcase.stop();
    }

    @AfterEach
    void startAfresh() {
        Showcase.reset();
    }

    @Test
    void echo() {
        EndpointCallbacks.echo(fake);
        assertClosedOnceAsStoppingAndSentNothing();
    }

    @Test
    void clock() {
        ClockDecoder decoder = new ClockDecoder();
        decoder.init(null);
        ClockCommand decoded = decoder.decode("{\"type\":\"sync\",\"clientTime\":1}");
        assertInstanceOf(ClockCommand.Invalid.class, decoded, "decoded without an application, without throwing");
        EndpointCallbacks.clock(fake, decoded);
        assertClosedOnceAsStoppingAndSentNothing();
    }

    @Test
    void chat() {
        ChatDecoder decoder = new ChatDecoder();
        decoder.init(null);
        ChatCommand decoded = decoder.decode("{\"type\":\"message\",\"text\":\"hi\"}");
        assertInstanceOf(ChatCommand.Invalid.class, decoded, "decoded without an application, without throwing");
        EndpointCallbacks.chat(fake, decoded);
        assertClosedOnceAsStoppingAndSentNothing();
    }

    private void assertClosedOnceAsStoppingAndSentNothing() {
        EndpointCallbacks.assertClosedOnceAndSentNothing(fake, CloseCodes.GOING_AWAY, Showcase.STOPPING);
    }
}
