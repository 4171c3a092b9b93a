package dev.wsshowcase.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wsshowcase.ShowcaseListener;
import dev.wsshowcase.connection.Admission;
import dev.wsshowcase.testsupport.FakeSession;
import dev.wsshowcase.testsupport.Poll;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A connection past the connection limit: every endpoint alike closes it with 1013 (once it is
 * {@link dev.wsshowcase.send.SessionSender#OPENING_CLOSE_DELAY_MILLIS} old),
 * keeps nothing for it and sends it nothing, whatever callbacks the container still makes.
 */
@Execution(ExecutionMode.SAME_THREAD)
class OpeningPastTheLimitTest {

    private final FakeSession first = new FakeSession();
    private Showcase showcase;

    @BeforeEach
    void startWithRoomForOne() {
        showcase = Showcase.start(Settings.load(ShowcaseListener.SETTINGS, Map.of(ApplicationSettings.MAX_CONNECTIONS.name(), "1")::get, name -> null, name -> null));
        assertInstanceOf(Admission.Admitted.class, showcase.admit(first.session()));
    }

    @AfterEach
    void stopTheApplication() {
        Showcase.reset();
    }

    @Test
    void everyEndpointAlikeClosesItWith1013AndLeavesItAlone() throws Exception {
        FakeSession echo = new FakeSession();
        FakeSession clock = new FakeSession();
        FakeSession chat = new FakeSession();
        EndpointCallbacks.echo(echo);
        EndpointCallbacks.clock(clock);
        EndpointCallbacks.chat(chat);
        // the refusal leaves once the connection is SessionSender.OPENING_CLOSE_DELAY_MILLIS old, on the close executor
        Poll.until(Duration.ofSeconds(10), "the three refusals to leave",
                () -> List.of(echo, clock, chat).stream().allMatch(refused -> !refused.closes().isEmpty()) ? true : null);
        for (FakeSession refused : List.of(echo, clock, chat)) {
            EndpointCallbacks.assertClosedOnceAndSentNothing(refused, CloseCodes.TRY_AGAIN_LATER, "server full: 1 connections");
        }
        assertEquals(1, showcase.connections().total(), "no refused connection was counted");
    }
}
