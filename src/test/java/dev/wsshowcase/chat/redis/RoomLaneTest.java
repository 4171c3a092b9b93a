package dev.wsshowcase.chat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsshowcase.send.SharedSends;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** What a lane has heard of its room: what it delivered, and what waits in its inbox for a drain. */
class RoomLaneTest {

    /** The lane's executor, run by the test: a drain that is scheduled has not run yet. */
    private final Queue<Runnable> scheduled = new ArrayDeque<>();
    private final RoomLane lane = new RoomLane("lobby", null, scheduled::add, SharedSends.CALLER, 100);

    private static Publication message(long pub) {
        return Publication.parse(pub + " epoch-1 m -\n{\"type\":\"message\",\"seq\":" + pub + ",\"text\":\"m" + pub + "\"}");
    }

    private void drain() {
        for (Runnable task; (task = scheduled.poll()) != null; ) {
            task.run();
        }
    }

    @Test
    void aLaneThatHeardNothingSaysSo() {
        assertEquals(-1, lane.heard());
    }

    /**
     * Publications handed to the lane but not yet drained count as heard: a resync that compares
     * Redis's count with what was delivered alone would take them for missed.
     */
    @Test
    void publicationsWaitingForTheirDrainAreHeard() {
        lane.offer(message(1));
        drain();
        assertEquals(1, lane.heard());
        lane.offer(message(2));
        lane.offer(message(3));
        assertEquals(1, scheduled.size(), "one drain scheduled, not run yet");
        assertEquals(3, lane.heard(), "heard while waiting in the inbox");
        drain();
        assertEquals(3, lane.heard(), "and once delivered");
        assertEquals("epoch-1", lane.epoch());
    }
}
