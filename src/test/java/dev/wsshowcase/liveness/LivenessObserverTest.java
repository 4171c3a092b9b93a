package dev.wsshowcase.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.testsupport.FakeSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a liveness tells the metrics: the round trip of an answered ping, once, and a timeout. */
class LivenessObserverTest {

    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(25);
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FakeSession fake = new FakeSession();
    private final SessionSender sender = new SessionSender(fake.session(), Runnable::run, 100, 1 << 20, 10_000);
    private final List<Long> answered = new CopyOnWriteArrayList<>();
    private final AtomicInteger timedOut = new AtomicInteger();
    private final Liveness liveness = new Liveness(sender, clock::get, new Liveness.Observer() {
        @Override
        public void timedOut() {
            timedOut.incrementAndGet();
        }

        @Override
        public void answered(long nanos) {
            answered.add(nanos);
        }
    });

    @Test
    void aPongAfterThePingLeftIsMeasuredFromWhenItLeftAndOnlyOnce() {
        liveness.ponged();
        assertEquals(List.of(), answered, "a pong nobody asked for measures nothing");
        liveness.check(clock.addAndGet(INTERVAL), INTERVAL, TIMEOUT);
        assertEquals(List.of(FakeSession.PING), fake.sent());
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(40));
        liveness.ponged();
        liveness.ponged();
        assertEquals(List.of(TimeUnit.MILLISECONDS.toNanos(40)), answered);
        assertEquals(0, timedOut.get());
    }

    @Test
    void anUnansweredPingIsATimeout() {
        liveness.check(clock.addAndGet(INTERVAL), INTERVAL, TIMEOUT);
        liveness.check(clock.addAndGet(TIMEOUT), INTERVAL, TIMEOUT);
        assertEquals(1, timedOut.get());
        assertEquals(List.of(), answered);
    }
}
