package dev.wsshowcase.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.chat.codec.ChatCommand;
import dev.wsshowcase.codec.JsonOutbound;
import dev.wsshowcase.send.Outbound;
import dev.wsshowcase.testsupport.FakeSession;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A chat connection's rate policy, exactly, without a server or a network in between. */
class ChatSessionTest {

    private static final int BURST = 10;

    private final Jsonb jsonb = JsonbBuilder.create();
    private final ChatRooms rooms = new ChatRooms(
            new ChatConfig(100, 1000, 1, BURST, 10, 10, 10, 0, "node-1"),
            new LocalFanout(), new JsonOutbound(jsonb), java.time.Clock.systemUTC());

    @AfterEach
    void close() throws Exception {
        jsonb.close();
    }

    @Test
    void aFloodGetsOneRateLimitedErrorThenA1008Close() {
        FakeSession session = new FakeSession();
        session.completeInline(true);
        ChatSession chat = ChatSession.open(rooms, session.connection(), "lobby", "flooder", null);
        for (int i = 0; i < BURST; i++) {
            chat.command(new ChatCommand.Say("ok " + i));
        }
        chat.command(new ChatCommand.Say("one too many"));
        assertTrue(session.isOpen(), "the first refused message only gets an error");
        long errors = session.sent().stream().filter(m -> ((String) m).contains("\"code\":\"rate-limited\"")).count();
        assertEquals(1, errors);
        for (int i = 0; i < BURST; i++) {
            chat.command(new ChatCommand.Say("still flooding " + i));
        }
        assertEquals(1, session.closes().size());
        assertEquals(CloseCodes.VIOLATED_POLICY, session.closes().get(0).getCloseCode());
        assertEquals(1, session.sent().stream().filter(m -> ((String) m).contains("\"code\":\"rate-limited\"")).count(),
                "one error per streak, not one per refused message");
        assertEquals(0, rooms.count(), "the flooder left and its room with it");
    }

    /** The policy for a bug in a handler: that connection alone closes with 1011; the room carries on. */
    @Test
    void anUnexpectedExceptionClosesThatConnectionWith1011AndTheRoomCarriesOn() throws Exception {
        LocalFanout local = new LocalFanout();
        Fanout failingOnBoom = (room, event, except, delivery) -> {
            if (event instanceof Outbound.Text text && text.text().contains("boom")) {
                throw new IllegalStateException("simulated bug in a fan-out");
            }
            local.publish(room, event, except, delivery);
        };
        ChatRooms faulty = new ChatRooms(new ChatConfig(100, 1000, 100, 100, 10, 10, 10, 0, "node-1"),
                failingOnBoom, new JsonOutbound(jsonb), java.time.Clock.systemUTC());
        FakeSession buggy = new FakeSession();
        buggy.completeInline(true);
        FakeSession other = new FakeSession();
        other.completeInline(true);
        ChatSession victim = ChatSession.open(faulty, buggy.connection(), "lobby", "victim", null);
        ChatSession bystander = ChatSession.open(faulty, other.connection(), "lobby", "other", null);

        victim.command(new ChatCommand.Say("boom"));

        assertEquals(List.of(CloseCodes.UNEXPECTED_CONDITION), buggy.closes().stream().map(CloseReason::getCloseCode).toList());
        assertEquals("internal error", buggy.closes().get(0).getReasonPhrase());
        assertTrue(other.isOpen());
        assertTrue(other.sent().stream().anyMatch(m -> ((String) m).contains("\"type\":\"leave\"") && ((String) m).contains("victim")),
                "the victim left the room: " + other.sent());
        // The room's lock was released and its state holds: it still takes messages.
        bystander.command(new ChatCommand.Say("after"));
        assertTrue(other.sent().stream().anyMatch(m -> ((String) m).contains("\"text\":\"after\"")), "the room carries on");
    }
}
