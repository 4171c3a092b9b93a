package dev.wsshowcase.send;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.connection.Connection;
import dev.wsshowcase.testsupport.FakeSession;
import dev.wsshowcase.testsupport.ManualScheduler;
import dev.wsshowcase.testsupport.Poll;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionSenderTest {

    private final FakeSession fake = new FakeSession();

    private SessionSender sender(int maxMessages, long maxBytes) {
        return new SessionSender(fake.session(), Runnable::run, maxMessages, maxBytes, 1000);
    }

    @Test
    void sendsInOrderWithOneSendInFlight() {
        SessionSender sender = sender(10, 1000);
        sender.send(Outbound.text("a"));
        sender.send(Outbound.text("b"));
        sender.send(Outbound.text("c"));
        assertEquals(List.of("a"), fake.sent());
        assertEquals(2, sender.queued());
        fake.completeNext();
        assertEquals(List.of("a", "b"), fake.sent());
        fake.completeNext();
        fake.completeNext();
        assertEquals(List.of("a", "b", "c"), fake.sent());
        assertEquals(0, fake.inFlightCount());
        assertEquals(0, fake.overlaps());
    }

    @Test
    void sendsCompletingInsideTheCallDoNotGrowTheStack() throws InterruptedException {
        ExecutorService continuer = Executors.newSingleThreadExecutor();
        try {
            SessionSender sender = new SessionSender(fake.session(), Runnable::run, continuer, 1_000_000, Integer.MAX_VALUE, 1000);
            // Queue a long backlog behind one send that is still in flight, then let it all go inline.
            sender.send(Outbound.text("first"));
            for (int i = 0; i < 200_000; i++) {
                sender.send(Outbound.text(Integer.toString(i)));
            }
            fake.completeInline(true);
            fake.completeNext();
            assertTrue(fake.awaitSent(200_001, Duration.ofSeconds(30)), "sent " + fake.sent().size());
            List<Object> sent = fake.sent();
            assertEquals(200_001, sent.size());
            assertEquals("199999", sent.get(200_000));
            assertEquals(0, fake.overlaps());
        } finally {
            continuer.shutdownNow();
        }
    }

    /**
     * Where the container completes a send inside the call (Payara writes on the calling thread),
     * a broadcast that flushes one recipient must not stay there for as long as others keep its
     * queue fed: after a bounded number of sends the rest goes to the continuation executor,
     * and the caller gets on with its other recipients.
     */
    @Test
    void aCallerSendsABoundedNumberInlineThenTheContinuationExecutorCarriesOn() {
        List<Runnable> continued = new ArrayList<>();
        SessionSender sender = new SessionSender(fake.session(), Runnable::run, continued::add, 1000, 1_000_000, 1000);
        fake.completeInline(true);
        int backlog = 2 * SessionSender.MAX_INLINE_SENDS + 5;
        for (int i = 0; i < backlog; i++) {
            assertTrue(sender.enqueue(Outbound.text(Integer.toString(i))) != SessionSender.Queued.REFUSED);
        }
        sender.flush();
        assertEquals(SessionSender.MAX_INLINE_SENDS, fake.sent().size(), "the caller sent a bounded number");
        assertEquals(1, continued.size());
        assertEquals(SessionSender.Queued.QUEUED, sender.enqueue(Outbound.text("late")),
                "the send slot stays taken while the rest waits for the executor");

        continued.remove(0).run();
        assertEquals(2 * SessionSender.MAX_INLINE_SENDS, fake.sent().size());
        continued.remove(0).run();
        assertEquals(backlog + 1, fake.sent().size());
        assertEquals("late", fake.sent().get(backlog));
        assertTrue(continued.isEmpty(), "nothing left to carry on");
        assertEquals(SessionSender.Queued.FLUSH, sender.enqueue(Outbound.text("next")), "idle again");
        assertEquals(0, fake.overlaps());
    }

    /**
     * The send timeout is ours, not the container's: a send in flight for longer than it is
     * overdue, and the keepalive's check drops the client with 1008, as an overflowing queue does.
     */
    @Test
    void aSendInFlightPastTheTimeoutIsOverdueAndDroppingItClosesWith1008() {
        SessionSender sender = sender(10, 1000);
        assertEquals(0L, fake.containerSendTimeout(), "the container's own async send timeout is off");
        long beforeSend = System.nanoTime();
        assertFalse(sender.overdue(beforeSend + TimeUnit.HOURS.toNanos(1)), "nothing in flight");
        sender.send(Outbound.text("never completes"));
        long afterSend = System.nanoTime();
        assertFalse(sender.overdue(afterSend), "just started");
        assertTrue(sender.overdue(afterSend + TimeUnit.MILLISECONDS.toNanos(1000) + 1), "past the 1000 ms timeout");
        List<Boolean> told = new ArrayList<>();
        sender.onDropped(() -> told.add(true));
        sender.dropOverdue();
        assertEquals(List.of(true), told);
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
        assertEquals("client too slow: send timed out after 1000 ms", fake.closes().get(0).getReasonPhrase());
    }

    @Test
    void aCompletedSendIsNeverOverdue() {
        SessionSender sender = sender(10, 1000);
        sender.send(Outbound.text("a"));
        fake.completeNext();
        assertFalse(sender.overdue(System.nanoTime() + TimeUnit.HOURS.toNanos(1)));
    }

    @Test
    void aClientPastTheMessageBoundIsClosedWith1008AndGetsNothingMore() {
        SessionSender sender = sender(3, 1_000_000);
        assertTrue(sender.send(Outbound.text("in flight")));
        assertTrue(sender.send(Outbound.text("1")));
        assertTrue(sender.send(Outbound.text("2")));
        assertTrue(sender.send(Outbound.text("3")));
        assertFalse(sender.send(Outbound.text("4")));
        assertEquals(1, fake.closes().size());
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
        assertEquals(SessionSender.TOO_SLOW, fake.closes().get(0).getReasonPhrase());
        fake.completeNext();
        assertFalse(sender.send(Outbound.text("5")));
        assertEquals(List.of("in flight"), fake.sent());
    }

    @Test
    void aClientPastTheByteBoundIsClosedWith1008() {
        SessionSender sender = sender(1000, 10);
        sender.send(Outbound.text("in flight"));
        assertTrue(sender.send(Outbound.text("12345")));
        assertTrue(sender.send(Outbound.text("12345")));
        assertFalse(sender.send(Outbound.text("1")));
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
    }

    @Test
    void oneMessageLargerThanTheByteBoundIsSentWhenNothingWaits() {
        SessionSender sender = sender(1000, 10);
        assertTrue(sender.send(Outbound.text("a message longer than ten bytes")));
        assertTrue(sender.send(Outbound.text("and another one, also long")));
        assertEquals(List.of("a message longer than ten bytes"), fake.sent());
        assertTrue(fake.closes().isEmpty());
    }

    @Test
    void latestMessagesReplaceTheOneWaitingAndNeverOrdinaryMessages() {
        SessionSender sender = sender(2, 1000);
        sender.send(Outbound.text("reply 1"));
        for (int tick = 1; tick <= 100; tick++) {
            assertTrue(sender.sendLatest(Outbound.text("tick " + tick)));
        }
        sender.send(Outbound.text("reply 2"));
        assertEquals(2, sender.queued());
        fake.completeNext();
        fake.completeNext();
        fake.completeNext();
        assertEquals(List.of("reply 1", "tick 100", "reply 2"), fake.sent());
        assertTrue(fake.closes().isEmpty());
    }

    @Test
    void closeWaitsForWhatWasQueuedBeforeAndRefusesWhatComesAfter() {
        SessionSender sender = sender(10, 1000);
        sender.send(Outbound.text("a"));
        sender.send(Outbound.text("b"));
        sender.close(new CloseReason(CloseCodes.TOO_BIG, "too big"));
        assertFalse(sender.send(Outbound.text("after")));
        assertTrue(fake.closes().isEmpty());
        fake.completeNext();
        fake.completeNext();
        assertEquals(List.of("a", "b"), fake.sent());
        assertEquals(CloseCodes.TOO_BIG, fake.closes().get(0).getCloseCode());
    }

    @Test
    void aFailedSendDropsTheQueueAndClosesTheSession() {
        SessionSender sender = sender(10, 1000);
        sender.send(Outbound.text("a"));
        sender.send(Outbound.text("b"));
        fake.failNext(new IOException("connection reset"));
        assertEquals(List.of("a"), fake.sent());
        assertEquals(CloseCodes.GOING_AWAY, fake.closes().get(0).getCloseCode());
        assertFalse(sender.send(Outbound.text("c")));
    }

    @Test
    void theOwnerIsToldOnceWhenTheClientIsDropped() {
        SessionSender overflowing = sender(1, 1_000_000);
        java.util.concurrent.atomic.AtomicInteger drops = new java.util.concurrent.atomic.AtomicInteger();
        overflowing.onDropped(drops::incrementAndGet);
        overflowing.send(Outbound.text("in flight"));
        overflowing.send(Outbound.text("waiting"));
        overflowing.send(Outbound.text("one too many"));
        overflowing.send(Outbound.text("after the drop"));
        assertEquals(1, drops.get());

        FakeSession failing = new FakeSession();
        SessionSender sender = new SessionSender(failing.session(), Runnable::run, 10, 1000, 1000);
        sender.onDropped(drops::incrementAndGet);
        sender.send(Outbound.text("a"));
        failing.failNext(new IOException("reset"));
        assertEquals(2, drops.get());
    }

    @Test
    void aClientDroppedAfterTheCloseExecutorShutDownIsStillClosedAndItsOwnerTold() throws Exception {
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();
        SessionSender overflowing = new SessionSender(fake.session(), stopped, 1, 1_000_000, 1000);
        CountDownLatch dropped = new CountDownLatch(1);
        List<String> droppedOn = new ArrayList<>();
        Thread caller = Thread.currentThread();
        overflowing.onDropped(() -> {
            droppedOn.add(Thread.currentThread() == caller ? "caller" : "other");
            dropped.countDown();
        });
        assertTrue(overflowing.send(Outbound.text("in flight")));
        assertEquals(SessionSender.Queued.QUEUED, overflowing.enqueue(Outbound.text("waiting")));
        // A chat room queues under its own lock: the overflow must neither throw nor run the owner here.
        assertEquals(SessionSender.Queued.REFUSED, overflowing.enqueue(Outbound.text("one too many")));
        assertTrue(dropped.await(5, TimeUnit.SECONDS), "the owner is told");
        assertEquals(List.of("other"), droppedOn, "not on the caller's thread, which may hold locks");
        CloseReason close = Poll.until(Duration.ofSeconds(5), "the close", () -> fake.closes().isEmpty() ? null : fake.closes().get(0));
        assertEquals(CloseCodes.VIOLATED_POLICY, close.getCloseCode());
        assertEquals(SessionSender.TOO_SLOW, close.getReasonPhrase());
        assertFalse(overflowing.send(Outbound.text("after the drop")));
        assertEquals(List.of("in flight"), fake.sent());
    }

    @Test
    void aPingQueuedAfterTheCloseExecutorShutDownIsStillSentAndTheQueueCarriesOn() throws Exception {
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();
        SessionSender sender = new SessionSender(fake.session(), stopped, 100, 1_000_000, 1000);
        fake.completeInline(true);
        CountDownLatch pingLeft = new CountDownLatch(1);
        assertTrue(sender.ping(pingLeft::countDown));
        assertTrue(fake.awaitSent(1, Duration.ofSeconds(5)), "the ping went out");
        assertEquals(FakeSession.PING, fake.sent().get(0));
        assertTrue(pingLeft.await(5, TimeUnit.SECONDS), "whoever queued the ping is told it left");
        Poll.until(Duration.ofSeconds(5), "the queue to carry on after the ping",
                () -> sender.send(Outbound.text("after the ping")) && fake.sent().contains("after the ping") ? true : null);
        assertEquals(List.of(), fake.closes());
    }

    @Test
    void aPingWaitsBehindTheSendInFlightAndDataQueuedAfterItFollowsIt() {
        SessionSender sender = sender(10, 1000);
        List<Object> sentWhenThePingLeft = new ArrayList<>();
        sender.send(Outbound.text("a"));
        assertTrue(sender.ping(() -> sentWhenThePingLeft.addAll(fake.sent())));
        sender.send(Outbound.text("b"));
        assertEquals(List.of("a"), fake.sent(), "the ping waits; it never overlaps a send");
        fake.completeNext();
        assertEquals(List.of("a", FakeSession.PING), sentWhenThePingLeft, "told once the ping left, before what follows it");
        fake.completeNext();
        assertEquals(List.of("a", FakeSession.PING, "b"), fake.sent());
        assertEquals(0, fake.overlaps());
    }

    /**
     * A ping is a blocking send on Tomcat, bounded by the session's blocking-send timeout. It is
     * allowed the send timeout like any message (a healthy client whose socket buffer is full
     * takes a while to make room), not the short bound kept for closes, which is put back after.
     */
    @Test
    void aPingMayTakeAsLongAsAnyMessageThenClosesAreBoundedAgain() {
        Connection connection = fake.connection();
        fake.completeInline(true);
        assertTrue(connection.sender().ping(() -> { }));
        assertEquals(List.of(10_000L), fake.blockingTimeoutsAtPing());
        assertEquals(2_000L, fake.session().getUserProperties().get(FakeSession.BLOCKING_SEND_TIMEOUT));
    }

    @Test
    void aDropClosesTellsTheOwnerAndIsRefusedOnceClosing() {
        SessionSender sender = sender(10, 1000);
        List<String> told = new ArrayList<>();
        sender.onDropped(() -> told.add("dropped"));
        assertTrue(sender.send(Outbound.text("in flight")) && sender.send(Outbound.text("waiting")) && sender.isOpen());
        assertTrue(sender.drop(new CloseReason(CloseCodes.GOING_AWAY, "gone")));
        assertFalse(sender.isOpen());
        assertEquals(List.of("dropped"), told);
        assertEquals(List.of(new CloseReason(CloseCodes.GOING_AWAY, "gone").toString()),
                fake.closes().stream().map(CloseReason::toString).toList());
        assertFalse(sender.drop(new CloseReason(CloseCodes.GOING_AWAY, "again")), "already closing: nothing more");
        assertFalse(sender.send(Outbound.text("after")));
        fake.completeNext();
        assertEquals(List.of("in flight"), fake.sent());
        assertEquals(List.of("dropped"), told, "told once");
    }

    @Test
    void binaryMessagesSharedBetweenSendersAreSentWhole() {
        FakeSession other = new FakeSession();
        Outbound shared = Outbound.binary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        sender(10, 1000).send(shared);
        new SessionSender(other.session(), Runnable::run, 10, 1000, 1000).send(shared);
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) fake.sent().get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) other.sent().get(0));
    }

    @Test
    void manyThreadsSendingNeverOverlapAndLoseNothing() throws Exception {
        SessionSender sender = sender(1_000_000, Integer.MAX_VALUE);
        int threads = 8;
        int each = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            producers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    sender.send(Outbound.text(thread + ":" + i));
                }
                return null;
            }));
        }
        // A completion thread, like the container's, finishing sends as they start.
        var completer = pool.submit(() -> {
            int completed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (completed < threads * each && System.nanoTime() < deadline) {
                if (fake.inFlightCount() > 0) {
                    fake.completeNext();
                    completed++;
                } else {
                    Thread.onSpinWait();
                }
            }
            return completed;
        });
        start.countDown();
        for (var producer : producers) {
            producer.get(30, TimeUnit.SECONDS);
        }
        assertEquals(threads * each, completer.get(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertEquals(0, fake.overlaps());
        List<Object> sent = fake.sent();
        assertEquals(threads * each, sent.size());
        int[] next = new int[threads];
        for (Object message : sent) {
            String[] parts = ((String) message).split(":");
            int thread = Integer.parseInt(parts[0]);
            assertEquals(next[thread]++, Integer.parseInt(parts[1]), "each thread's messages stay in order");
        }
    }
    @Test
    void aCloseJustAfterOpenLeavesOnceTheDelayIsUpAfterWhatWasQueuedBeforeIt() {
        ManualScheduler later = new ManualScheduler();
        SessionSender sender = new SessionSender(fake.session(), Runnable::run, Runnable::run, later, 10, 1000, 1000);
        sender.send(Outbound.text("why"));
        fake.completeNext();
        sender.close(new CloseReason(CloseCodes.VIOLATED_POLICY, "refused"));
        assertEquals(List.of("why"), fake.sent(), "what was queued before the close leaves at once");
        assertEquals(List.of(), fake.closes(), "the close waits");
        assertFalse(sender.send(Outbound.text("after")), "nothing is taken after the close");
        assertEquals(1, later.pending());

        later.runPending();
        assertEquals(1, fake.closes().size());
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
        assertEquals(List.of("why"), fake.sent());
    }

    @Test
    void aCloseJustAfterOpenLeavesAtOnceWhileTheApplicationStops() {
        ManualScheduler later = new ManualScheduler();
        later.shutdown();
        SessionSender sender = new SessionSender(fake.session(), Runnable::run, Runnable::run, later, 10, 1000, 1000);
        sender.close(new CloseReason(CloseCodes.TRY_AGAIN_LATER, "full"));
        assertEquals(1, fake.closes().size());
        assertEquals(CloseCodes.TRY_AGAIN_LATER, fake.closes().get(0).getCloseCode());
    }
    @Test
    void onTyrusTheContainersSendRunsWithThePlatformClassLoaderAndTheCallersIsPutBack() {
        ClassLoader callers = Thread.currentThread().getContextClassLoader();
        SessionSender sender = new SessionSender(fake.session(), Runnable::run, Runnable::run, null,
                ClassLoader.getPlatformClassLoader(), null, 10, 1000, 1000);
        fake.completeInline(true);
        sender.send(Outbound.text("a"));
        sender.ping(() -> { });
        sender.send(Outbound.text("b"));
        assertEquals(List.of("a", FakeSession.PING, "b"), fake.sent());
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        assertEquals(List.of(platform, platform, platform), fake.sendingLoaders(), "the messages and the ping");
        assertEquals(callers, Thread.currentThread().getContextClassLoader(), "the caller's loader is put back");
    }

    @Test
    void elsewhereTheContainersSendRunsWithTheCallersClassLoader() {
        ClassLoader callers = Thread.currentThread().getContextClassLoader();
        assertEquals(null, SessionSender.sendLoaderFor(fake.session()), "a session that is not Tyrus's");
        sender(10, 1000).send(Outbound.text("a"));
        assertEquals(java.util.Collections.singletonList(callers), fake.sendingLoaders());
    }

    /** The fake's batched writes, as Tomcat's: {@code fake.startFlush} is the container's asynchronous flush. */
    private Batching fakeBatching() {
        return new Batching() {
            @Override
            public void start() {
                fake.batchingOn();
            }

            @Override
            public void flush(jakarta.websocket.SendHandler handler) {
                fake.startFlush(handler);
            }

            @Override
            public void discard() {
                fake.discardBatch();
            }
        };
    }

    private SessionSender batchingSender(int maxMessages) {
        return new SessionSender(fake.session(), Runnable::run, Runnable::run, null, null, fakeBatching(),
                maxMessages, 1_000_000, 1000);
    }

    private static List<Object> texts(int from, int to) {
        List<Object> texts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            texts.add(Integer.toString(i));
        }
        return texts;
    }

    /**
     * With batched writes, what waits behind a write leaves in the next one, in order: a message
     * with nothing behind it is written on its own, and the messages queued meanwhile go into the
     * container's buffer and out in one flush, never overlapping the write in flight; batching is
     * off again between batches.
     */
    @Test
    void withBatchingWhatWaitsBehindAWriteLeavesInTheNextWriteInOrder() {
        SessionSender sender = batchingSender(100);
        sender.send(Outbound.text("0"));
        assertEquals(List.of(List.of("0")), fake.writes(), "alone, at once");
        for (int i = 1; i < 5; i++) {
            sender.send(Outbound.text(Integer.toString(i)));
        }
        assertEquals(List.of(List.of("0")), fake.writes(), "nothing more while the write is in flight");
        assertEquals(4, sender.queued());

        fake.completeNext();
        assertEquals(List.of(List.of("0"), texts(1, 5)), fake.writes());
        assertEquals(texts(0, 5), fake.sent());
        assertFalse(fake.batching(), "off while the flush is in flight");
        fake.completeNext();
        assertEquals(0, fake.inFlightCount());
        assertEquals(SessionSender.Queued.FLUSH, sender.enqueue(Outbound.text("5")), "idle again");
        assertEquals(0, fake.overlaps());
    }

    /** One write carries at most {@link SessionSender#MAX_BATCH} messages; the rest follow in the next. */
    @Test
    void withBatchingOneWriteCarriesAtMostMaxBatchMessages() {
        SessionSender sender = batchingSender(1000);
        int backlog = SessionSender.MAX_BATCH + 10;
        sender.send(Outbound.text("first"));
        for (int i = 0; i < backlog; i++) {
            sender.send(Outbound.text(Integer.toString(i)));
        }
        fake.completeNext();
        fake.completeNext();
        fake.completeNext();
        assertEquals(List.of(List.of("first"), texts(0, SessionSender.MAX_BATCH), texts(SessionSender.MAX_BATCH, backlog)),
                fake.writes());
        assertEquals(0, fake.inFlightCount());
        assertEquals(0, fake.overlaps());
    }

    /**
     * What is batched is written before a ping or a close goes: the ping (a blocking send that
     * Tomcat would buffer too) is flushed on its own, and the close comes last, after everything
     * queued before it.
     */
    @Test
    void withBatchingWhatWasBatchedIsWrittenBeforeAPingAndBeforeAClose() {
        SessionSender sender = batchingSender(100);
        List<String> events = new ArrayList<>();
        sender.send(Outbound.text("a"));
        sender.send(Outbound.text("b"));
        sender.send(Outbound.text("c"));
        sender.ping(() -> events.add("ping sent"));
        sender.send(Outbound.text("d"));
        sender.close(new CloseReason(CloseCodes.NORMAL_CLOSURE, "bye"));

        fake.completeNext(); // "a" written: "b" and "c" are batched and flushed before the ping
        assertEquals(List.of(List.of("a"), List.of("b", "c")), fake.writes());
        assertTrue(events.isEmpty(), "the ping waits for the flush");
        fake.completeNext(); // the flush of b, c: the ping goes, then "d", flushed before the close
        assertEquals(List.of("ping sent"), events);
        assertEquals(List.of(List.of("a"), List.of("b", "c"), List.of(FakeSession.PING), List.of("d")), fake.writes());
        assertTrue(fake.closes().isEmpty(), "the close waits for the flush of d");
        fake.completeNext();
        assertEquals(List.of(new CloseReason(CloseCodes.NORMAL_CLOSURE, "bye")).toString(), fake.closes().toString());
        assertEquals(0, fake.overlaps());
    }

    /** A flush that fails drops the client with 1001, as a failed send does; one in flight too long is overdue. */
    @Test
    void withBatchingAFlushThatFailsDropsTheClientAndOneInFlightTooLongIsOverdue() {
        SessionSender sender = batchingSender(100);
        List<String> dropped = new ArrayList<>();
        sender.onDropped(() -> dropped.add("dropped"));
        sender.send(Outbound.text("a"));
        sender.send(Outbound.text("b"));
        sender.send(Outbound.text("c"));
        fake.completeNext();
        assertEquals(List.of(List.of("a"), List.of("b", "c")), fake.writes(), "the flush of b and c is in flight");
        assertFalse(sender.overdue(System.nanoTime()), "just started");
        assertTrue(sender.overdue(System.nanoTime() + TimeUnit.SECONDS.toNanos(2)), "in flight past the send timeout (1 s)");

        fake.failNext(new IOException("connection reset"));
        assertEquals(List.of("dropped"), dropped);
        assertEquals(CloseCodes.GOING_AWAY, fake.closes().get(0).getCloseCode());
        assertFalse(sender.send(Outbound.text("d")), "nothing more is accepted");
        assertFalse(sender.overdue(System.nanoTime() + TimeUnit.SECONDS.toNanos(2)), "nothing in flight");
    }

    /** Every container but Tomcat, and a fake, offers no asynchronous flush: batching stays off. */
    @Test
    void aSessionThatIsNotTomcatsGetsNoBatching() {
        assertEquals(null, Batching.of(fake.session()));
        sender(10, 1000).send(Outbound.text("a"));
        assertFalse(fake.batching());
        assertEquals(List.of(List.of("a")), fake.writes());
    }

    /**
     * A client dropped for overflowing its queue gets its batch discarded before the close, so
     * that the container's close does not first wait to flush to a client that does not read.
     */
    @Test
    void withBatchingADroppedClientsBatchIsDiscardedBeforeItsClose() {
        List<Integer> closesAtDiscard = new ArrayList<>();
        Batching batching = fakeBatching();
        Batching flush = new Batching() {
            @Override
            public void start() {
                batching.start();
            }

            @Override
            public void flush(jakarta.websocket.SendHandler handler) {
                batching.flush(handler);
            }

            @Override
            public void discard() {
                closesAtDiscard.add(fake.closes().size());
                batching.discard();
            }
        };
        SessionSender sender = new SessionSender(fake.session(), Runnable::run, Runnable::run, null, null, flush, 2, 1_000_000, 1000);
        sender.send(Outbound.text("in flight"));
        sender.send(Outbound.text("a"));
        sender.send(Outbound.text("b"));
        assertFalse(sender.send(Outbound.text("one too many")));
        assertEquals(List.of(0), closesAtDiscard, "discarded once, before the close");
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
    }
}
