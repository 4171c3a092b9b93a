package dev.wsshowcase.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.chat.codec.ChatEvent;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The one recovery rule both chat engines apply ({@link Position#recover}). */
class PositionTest {

    private static final String EPOCH = "q3Jx0v9LkQs";
    /** A room at seq 10 that keeps its last 5 messages (6 to 10). */
    private static final List<ChatEvent.Message> KEPT = LongStream.rangeClosed(6, 10)
            .mapToObj(seq -> new ChatEvent.Message(seq, "2026-01-01T00:00:00Z", "alice", "m" + seq)).toList();

    private static List<Long> seqs(Position.Recovery recovery) {
        return recovery.missed().stream().map(ChatEvent.Message::seq).toList();
    }

    @Test
    void aFirstJoinGetsAllThatIsKeptWithoutAGap() {
        Position.Recovery recovery = Position.recover(null, EPOCH, 10, KEPT);
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), seqs(recovery));
        assertFalse(recovery.gap());
    }

    @Test
    void aPositionInTheKeptHistoryGetsWhatFollowsIt() {
        Position.Recovery recovery = Position.recover(new Position(7, EPOCH), EPOCH, 10, KEPT);
        assertEquals(List.of(8L, 9L, 10L), seqs(recovery));
        assertFalse(recovery.gap());
    }

    @Test
    void aPositionAtTheEndGetsNothing() {
        Position.Recovery recovery = Position.recover(new Position(10, EPOCH), EPOCH, 10, KEPT);
        assertEquals(List.of(), seqs(recovery));
        assertFalse(recovery.gap());
    }

    @Test
    void aPositionOlderThanTheKeptHistoryIsAGap() {
        Position.Recovery recovery = Position.recover(new Position(3, EPOCH), EPOCH, 10, KEPT);
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), seqs(recovery));
        assertTrue(recovery.gap(), "4 and 5 are no longer kept");
    }

    @Test
    void justBeforeTheOldestKeptIsNoGap() {
        assertFalse(Position.recover(new Position(5, EPOCH), EPOCH, 10, KEPT).gap());
    }

    @Test
    void anotherEpochNoEpochOrASeqAheadOfTheRoomIsAGapWithAllThatIsKept() {
        for (Position resume : List.of(new Position(7, "another"), new Position(7, null), new Position(11, EPOCH))) {
            Position.Recovery recovery = Position.recover(resume, EPOCH, 10, KEPT);
            assertEquals(List.of(6L, 7L, 8L, 9L, 10L), seqs(recovery), resume.toString());
            assertTrue(recovery.gap(), resume.toString());
        }
    }
}
