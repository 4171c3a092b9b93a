package dev.wsshowcase.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.send.Outbound;
import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.testsupport.FakeSession;
import dev.wsshowcase.testsupport.Poll;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The keepalive rules of {@link Liveness}, on a clock the test moves: when a ping goes out, what counts as an
 * answer, when a silent client is dropped.
 */
class KeepaliveTest {

    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(25);
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FakeSession fake = new FakeSession();
    private final AtomicInteger dropped = new AtomicInteger();
    private final SessionSender sender = new SessionSender(fake.session(), Runnable::run, 100, 1 << 20, 10_000);
    private final Liveness liveness = new Liveness(sender, clock::get);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    KeepaliveTest() {
        sender.onDropped(dropped::incrementAndGet);
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    /** Moves the clock on by {@code nanos} and runs one keepalive check. */
    private boolean checkAfter(long nanos) {
        return liveness.check(clock.addAndGet(nanos), INTERVAL, TIMEOUT);
    }

    /**
     * A close queued behind a send to a client that stopped reading (an error, then the close)
     * would wait for that send for ever: once the send is overdue the check drops the client.
     */
    @Test
    void aCloseQueuedBehindASendThatNeverCompletesHappensOnceTheSendIsOverdue() {
        sender.send(Outbound.text("never completes"));
        sender.close(new CloseReason(CloseCodes.CANNOT_ACCEPT, "binary messages are not accepted"));
        assertEquals(List.of(), fake.closes(), "the close waits behind the send");
        assertFalse(liveness.check(System.nanoTime() + TimeUnit.HOURS.toNanos(1), INTERVAL, TIMEOUT));
        assertEquals(1, fake.closes().size());
        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
        assertEquals("client too slow: send timed out after 10000 ms", fake.closes().get(0).getReasonPhrase());
        assertEquals(1, dropped.get());
    }

    @Test
    void aQuietConnectionIsPingedAfterTheIntervalAndNotBefore() {
        assertTrue(checkAfter(INTERVAL - 1));
        assertEquals(List.of(), fake.sent());
        assertTrue(checkAfter(1));
        assertEquals(List.of(FakeSession.PING), fake.sent());
    }

    @Test
    void aConnectionThatSendsIsNotPinged() {
        clock.addAndGet(INTERVAL - 1);
        liveness.heard();
        assertTrue(checkAfter(INTERVAL - 1));
        assertEquals(List.of(), fake.sent(), "heard within the last interval");
        assertTrue(checkAfter(1));
        assertEquals(List.of(FakeSession.PING), fake.sent());
    }

    @Test
    void onePingIsAwaitedAtATime() {
        checkAfter(INTERVAL);
        checkAfter(TIMEOUT / 2);
        checkAfter(TIMEOUT / 4);
        assertEquals(List.of(FakeSession.PING), fake.sent());
    }

    @Test
    void aClientThatDoesNotAnswerIsClosedWith1001AfterTheTimeout() {
        checkAfter(INTERVAL);
        assertTrue(checkAfter(TIMEOUT - 1), "still within the timeout");
        assertEquals(List.of(), fake.closes());

        assertFalse(checkAfter(1), "no longer watched once dropped");
        List<CloseReason> closes = fake.closes();
        assertEquals(1, closes.size());
        assertEquals(CloseCodes.GOING_AWAY, closes.get(0).getCloseCode());
        assertEquals("no answer to ping within 30000 ms", closes.get(0).getReasonPhrase());
        assertEquals(1, dropped.get(), "the owner (a chat room) is told at once");
        assertFalse(sender.send(Outbound.text("late")), "nothing is sent after the drop");
    }

    @Test
    void aPongInTimeKeepsTheConnectionAndTheNextPingComesAfterAnotherQuietInterval() {
        Keepalive keepalive = new Keepalive(scheduler, 25_000, 30_000);
        keepalive.watch(liveness);
        checkAfter(INTERVAL);
        clock.addAndGet(TIMEOUT - 1);
        fake.pong();
        assertTrue(checkAfter(1));
        assertEquals(List.of(), fake.closes());
        assertEquals(List.of(FakeSession.PING), fake.sent(), "answered: no new ping before another quiet interval");
        assertTrue(checkAfter(INTERVAL - 2));
        assertEquals(List.of(FakeSession.PING), fake.sent());
        assertTrue(checkAfter(1));
        assertEquals(List.of(FakeSession.PING, FakeSession.PING), fake.sent());
    }

    @Test
    void anyMessageCountsAsAnAnswer() {
        checkAfter(INTERVAL);
        clock.addAndGet(1);
        liveness.heard();
        assertTrue(checkAfter(TIMEOUT));
        assertEquals(List.of(), fake.closes());
    }

    @Test
    void aPingWaitsBehindTheSendInFlightAndItsTimeoutStartsWhenItLeaves() {
        sender.send(Outbound.text("big"));
        checkAfter(INTERVAL);
        assertEquals(List.of("big"), fake.sent(), "the ping waits; it never overlaps a send");

        // However long the data takes, the answer is not yet due: the ping has not left.
        assertTrue(checkAfter(10 * TIMEOUT));
        assertEquals(List.of(), fake.closes());

        fake.completeNext();
        assertEquals(List.of("big", FakeSession.PING), fake.sent());
        assertEquals(0, fake.overlaps());
        assertTrue(checkAfter(TIMEOUT - 1));
        assertFalse(checkAfter(1));
        assertEquals(CloseCodes.GOING_AWAY, fake.closes().get(0).getCloseCode());
    }

    @Test
    void dataQueuedAfterThePingFollowsIt() {
        sender.send(Outbound.text("a"));
        checkAfter(INTERVAL);
        sender.send(Outbound.text("b"));
        fake.completeNext();
        fake.completeNext();
        assertEquals(List.of("a", FakeSession.PING, "b"), fake.sent());
        assertEquals(0, fake.overlaps());
    }

    @Test
    void aClosedConnectionIsNoLongerWatched() {
        sender.closed();
        assertFalse(checkAfter(INTERVAL));
        assertEquals(List.of(), fake.sent());
    }

    @Test
    void withPingsOffAClientIsNeverPingedButStillWatchedForOverdueSends() {
        Keepalive off = new Keepalive(scheduler, 0, 30_000);
        off.watch(liveness);
        assertEquals(1, off.watched());
        assertTrue(liveness.check(System.nanoTime() + TimeUnit.HOURS.toNanos(1), 0, TimeUnit.SECONDS.toNanos(30)));
        assertEquals(List.of(), fake.sent(), "no ping");
        off.close();
    }

    @Test
    void theScheduledCheckPingsAndDropsASilentClient() throws Exception {
        SessionSender real = new SessionSender(fake.session(), Runnable::run, 100, 1 << 20, 10_000);
        Keepalive keepalive = new Keepalive(scheduler, 50, 100);
        keepalive.watch(new Liveness(real));
        assertEquals(1, keepalive.watched());
        Poll.until(Duration.ofSeconds(10), "the silent client to be closed", () -> fake.closes().isEmpty() ? null : true);
        assertEquals(FakeSession.PING, fake.sent().get(0));
        assertEquals(CloseCodes.GOING_AWAY, fake.closes().get(0).getCloseCode());
        Poll.until(Duration.ofSeconds(10), "the closed client to be forgotten", () -> keepalive.watched() == 0 ? true : null);
        keepalive.close();
    }

    @Test
    void theScheduledCheckDropsAClientWhoseSendIsOverdueEvenWithPingsOff() throws Exception {
        SessionSender real = new SessionSender(fake.session(), Runnable::run, 100, 1 << 20, 100);
        Keepalive off = new Keepalive(scheduler, 0, 30_000);
        off.watch(new Liveness(real));
        real.send(Outbound.text("never completes"));
        Poll.until(Duration.ofSeconds(10), "the client to be dropped", () -> fake.closes().isEmpty() ? null : true);
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
        assertEquals("client too slow: send timed out after 100 ms", fake.closes().get(0).getReasonPhrase());
        assertEquals(List.of("never completes"), fake.sent(), "no ping");
        off.close();
    }
}
