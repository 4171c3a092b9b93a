package dev.wsshowcase.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.codec.JsonOutbound;
import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.send.SharedSends;
import dev.wsshowcase.testsupport.FakeSession;
import dev.wsshowcase.testsupport.HelperFirstSends;
import dev.wsshowcase.testsupport.ManualScheduler;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClockTest {

    private final Jsonb jsonb = JsonbBuilder.create();
    /** A live scheduler, for the tests of the ticker itself. */
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    /** A clock whose scheduler runs nothing: these tests call {@link Clock#tick} themselves. */
    private final Clock clock;

    ClockTest() {
        scheduler.setRemoveOnCancelPolicy(true); // as the application's scheduler
        ScheduledThreadPoolExecutor stopped = new ScheduledThreadPoolExecutor(1);
        stopped.shutdown();
        clock = new Clock(stopped, java.time.Clock.systemUTC(), new JsonOutbound(jsonb));
    }

    @AfterEach
    void stop() throws Exception {
        clock.close();
        scheduler.shutdownNow();
        jsonb.close();
    }

    @Test
    void aGroupsTickIsSerializedOnceAndSharedByItsMembers() {
        FakeSession a = new FakeSession();
        FakeSession b = new FakeSession();
        FakeSession other = new FakeSession();
        ClockSettings utc = ClockSettings.DEFAULT;
        clock.subscribe(a.sender(), utc);
        clock.subscribe(b.sender(), utc);
        clock.subscribe(other.sender(), new ClockSettings(1, ZoneId.of("Asia/Shanghai")));
        assertEquals(2, clock.groups());
        clock.tick(1_795_315_200L);
        assertSame(a.sent().get(0), b.sent().get(0), "one serialization per group");
        assertEquals("{\"type\":\"tick\",\"seq\":1795315200,\"time\":\"2026-11-22T02:40:00Z\",\"epochMillis\":1795315200000,\"zone\":\"UTC\"}",
                a.sent().get(0));
        assertTrue(((String) other.sent().get(0)).contains("\"time\":\"2026-11-22T10:40:00+08:00\""), other.sent().toString());
    }

    /**
     * A group of many is sent through the shared sends: here by a helper thread that takes every
     * slice (it runs, and is waited for, before the ticker's thread gets to one; how the caller
     * and the pool share the slices is SharedSendsTest's). Each member gets each tick once, in
     * order, and the tick returns only once all are sent, so the next tick never overtakes it.
     */
    @Test
    void aLargeGroupIsSentThroughTheSharedSendsEachMemberOnceAndInOrder() throws Exception {
        SharedSends helperFirst = HelperFirstSends.on("clock-send-helper");
        ScheduledThreadPoolExecutor stopped = new ScheduledThreadPoolExecutor(1);
        stopped.shutdown(); // this test calls tick() itself
        try (Clock shared = new Clock(stopped, java.time.Clock.systemUTC(), new JsonOutbound(jsonb), helperFirst)) {
            List<FakeSession> members = new ArrayList<>();
            for (int i = 0; i < SharedSends.SLICE * 6 + 7; i++) {
                FakeSession member = new FakeSession();
                member.completeInline(true);
                members.add(member);
                shared.subscribe(member.sender(), ClockSettings.DEFAULT);
            }
            for (long second = 500; second < 503; second++) {
                shared.tick(second);
                long expected = second - 499;
                assertTrue(members.stream().allMatch(m -> m.sent().size() == expected), "every member has the tick when tick() returns");
            }
            for (FakeSession member : members) {
                List<Object> sent = member.sent();
                assertTrue(((String) sent.get(0)).contains("\"seq\":500,") && ((String) sent.get(2)).contains("\"seq\":502,"), sent.toString());
                assertEquals(Set.of("clock-send-helper"), member.sendingThreads(), "sent through the shared sends");
            }
        }
    }

    @Test
    void onlyGroupsWhoseIntervalDividesTheSecondGetATick() {
        FakeSession everySecond = new FakeSession();
        FakeSession everyFive = new FakeSession();
        everySecond.completeInline(true);
        everyFive.completeInline(true);
        clock.subscribe(everySecond.sender(), ClockSettings.DEFAULT);
        clock.subscribe(everyFive.sender(), new ClockSettings(5, ZoneId.of("UTC")));
        for (long second = 100; second < 110; second++) {
            clock.tick(second);
        }
        assertEquals(10, everySecond.sent().size());
        assertEquals(2, everyFive.sent().size());
        assertTrue(((String) everyFive.sent().get(1)).contains("\"seq\":21"), everyFive.sent().toString());
    }

    @Test
    void aClientThatStopsReadingHoldsOneWaitingTickAndGetsTheNewest() {
        FakeSession stuck = new FakeSession();
        SessionSender sender = stuck.sender();
        clock.subscribe(sender, ClockSettings.DEFAULT);
        for (long second = 1; second <= 1000; second++) {
            clock.tick(second);
        }
        assertEquals(1, sender.queued(), "one tick in flight, one waiting, whatever the number of ticks");
        assertTrue(stuck.closes().isEmpty(), "conflated ticks never overflow the queue");
        stuck.completeNext();
        List<Object> sent = stuck.sent();
        assertEquals(2, sent.size());
        assertTrue(((String) sent.get(1)).contains("\"seq\":1000,"), sent.get(1).toString());
    }

    @Test
    void theTickerRunsOnlyWhileSomeoneListensAndGroupsAreRemovedWhenEmpty() {
        Clock ticking = new Clock(scheduler, java.time.Clock.systemUTC(), new JsonOutbound(jsonb));
        SessionSender a = new FakeSession().sender();
        SessionSender b = new FakeSession().sender();
        ticking.subscribe(a, ClockSettings.DEFAULT);
        ticking.subscribe(b, new ClockSettings(2, ZoneId.of("UTC")));
        assertEquals(1, scheduler.getQueue().size(), "one scheduled tick for all subscribers");
        ticking.change(b, new ClockSettings(2, ZoneId.of("UTC")), ClockSettings.DEFAULT);
        assertEquals(1, ticking.groups());
        ticking.unsubscribe(a, ClockSettings.DEFAULT);
        ticking.unsubscribe(b, ClockSettings.DEFAULT);
        assertEquals(0, ticking.groups());
        assertEquals(0, ticking.subscribers());
        assertEquals(0, scheduler.getQueue().size(), "no timer left when nobody listens");
    }

    @Test
    void clientsJoiningAndLeavingOneGroupAtOnceAllTickAndTheTickerStopsWithTheLast() throws Exception {
        ManualScheduler manual = new ManualScheduler();
        Clock shared = new Clock(manual, java.time.Clock.systemUTC(), new JsonOutbound(jsonb));
        int threads = 8;
        int rounds = 10_000;
        List<FakeSession> sessions = new ArrayList<>();
        List<SessionSender> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            FakeSession session = new FakeSession();
            session.completeInline(true);
            sessions.add(session);
            senders.add(session.sender());
        }
        CyclicBarrier together = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> churn = new ArrayList<>();
            for (SessionSender sender : senders) {
                churn.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        if (i % 1000 == 0) {
                            together.await(30, TimeUnit.SECONDS); // start together, and stay overlapping
                        }
                        shared.subscribe(sender, ClockSettings.DEFAULT);
                        shared.unsubscribe(sender, ClockSettings.DEFAULT);
                        Thread.yield(); // so that the group is often empty when another joins
                    }
                    shared.subscribe(sender, ClockSettings.DEFAULT);
                    return null;
                }));
            }
            for (Future<?> each : churn) {
                each.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(threads, shared.subscribers(), "the count is what the group holds");
        assertEquals(1, shared.groups());
        assertEquals(1, manual.pending(), "one scheduled tick while anyone listens");
        shared.tick(1_795_315_200L);
        for (FakeSession session : sessions) {
            assertEquals(1, session.sent().size(), "every subscriber still subscribed gets the tick");
        }

        for (SessionSender sender : senders) {
            shared.unsubscribe(sender, ClockSettings.DEFAULT);
        }
        assertEquals(0, shared.subscribers());
        assertEquals(0, shared.groups());
        assertEquals(0, manual.pending(), "the ticker stopped with the last subscriber");
    }

    @Test
    void theLastListenerLeavingAndOneJoiningDuringATickLeavesOneTickerScheduled() {
        ManualScheduler manual = new ManualScheduler();
        AtomicReference<Runnable> duringNextReading = new AtomicReference<>(() -> { });
        java.time.Clock hooked = clockReading(() -> {
            duringNextReading.getAndSet(() -> { }).run();
            return Instant.ofEpochSecond(1_795_315_200L);
        });
        Clock ticking = new Clock(manual, hooked, new JsonOutbound(jsonb));
        FakeSession listener = new FakeSession();
        listener.completeInline(true);
        SessionSender sender = listener.sender();
        ticking.subscribe(sender, ClockSettings.DEFAULT);
        assertEquals(1, manual.pending());
        // The tick reads the time first: the listener leaves and comes back right then.
        duringNextReading.set(() -> {
            ticking.unsubscribe(sender, ClockSettings.DEFAULT);
            ticking.subscribe(sender, ClockSettings.DEFAULT);
        });
        assertEquals(1, manual.runPending());
        assertEquals(1, manual.pending(), "one ticker, not one more for every comeback during a tick");
        ticking.unsubscribe(sender, ClockSettings.DEFAULT);
        assertEquals(0, manual.pending(), "and it stops with the last listener");
    }

    @Test
    void aFailingTickDoesNotStopTheSchedule() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        java.time.Clock failingOnce = clockReading(() -> {
            // Call 1 schedules the first tick; call 2 is that tick, which fails.
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("simulated failure in a tick");
            }
            return Instant.now();
        });
        try (Clock fragile = new Clock(scheduler, failingOnce, new JsonOutbound(jsonb))) {
            FakeSession listener = new FakeSession();
            listener.completeInline(true);
            fragile.subscribe(listener.sender(), ClockSettings.DEFAULT);
            assertTrue(listener.awaitSent(1, Duration.ofSeconds(5)), "a tick arrived after the failed one");
            assertTrue(calls.get() > 2, "the tick after the failure ran");
        }
    }

    /** A UTC clock whose every reading is {@code instant}'s. */
    private static java.time.Clock clockReading(java.util.function.Supplier<Instant> instant) {
        return new java.time.Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return instant.get();
            }
        };
    }
}
