package dev.wsshowcase.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.ShowcaseListener;
import dev.wsshowcase.testsupport.FakeSession;
import dev.wsshowcase.testsupport.Poll;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stopping drains: not ready at once, nothing new admitted, the open connections closed over the window. */
class DrainTest {

    private static final int WINDOW_MILLIS = 1200;

    @AfterEach
    void startAfresh() {
        Showcase.reset();
    }

    @Test
    void stoppingTurnsNotReadyRefusesNewConnectionsAndSpreadsTheClosesOverTheWindow() throws Exception {
        Map<String, String> properties = Map.of(ApplicationSettings.SHUTDOWN_DRAIN_MILLIS.name(), Integer.toString(WINDOW_MILLIS));
        Showcase showcase = Showcase.start(Settings.load(ShowcaseListener.SETTINGS, name -> null, properties::get, name -> null));
        List<FakeSession> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            FakeSession session = new FakeSession();
            showcase.admit(session.session());
            open.add(session);
        }
        assertTrue(showcase.readiness().ready());

        long start = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(Showcase::stop);
        Poll.until(Duration.ofSeconds(5), "the drain to begin", () -> showcase.draining() ? true : null);
        assertFalse(showcase.readiness().ready(), "not ready from the start of the drain");
        assertTrue(showcase.readiness().states().get(Readiness.DRAINING).contains("stopping"), showcase.readiness().states().toString());
        FakeSession late = new FakeSession();
        assertNull(Showcase.forOpening(late.session()), "a connection opening while draining is not taken");
        assertEquals(CloseCodes.GOING_AWAY, late.closes().get(0).getCloseCode());

        Poll.until(Duration.ofSeconds(5), "the first close", () -> open.stream().anyMatch(s -> !s.closes().isEmpty()) ? true : null);
        long closedSoon = open.stream().filter(s -> !s.closes().isEmpty()).count();
        assertTrue(closedSoon < open.size(), "the closes are spread, not all at once");

        stopped.get(WINDOW_MILLIS + 10_000, TimeUnit.MILLISECONDS);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= WINDOW_MILLIS * 3 / 4 - 50, "the last of 4 closes comes 3/4 into the window, after " + took + " ms");
        for (FakeSession session : open) {
            List<CloseReason> closes = session.closes();
            assertEquals(1, closes.size(), closes.toString());
            assertEquals(CloseCodes.GOING_AWAY, closes.get(0).getCloseCode());
            assertEquals(Showcase.STOPPING, closes.get(0).getReasonPhrase());
        }
    }
}
