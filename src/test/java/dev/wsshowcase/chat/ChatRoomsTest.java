package dev.wsshowcase.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.chat.codec.ChatEncoder;
import dev.wsshowcase.shared.codec.InvalidMessage;
import dev.wsshowcase.testsupport.FakeSession;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Room and registry limits, with a small configuration and no server. */
class ChatRoomsTest {

    private final Jsonb jsonb = JsonbBuilder.create();
    private final ChatRooms rooms = new ChatRooms(
            new ChatConfig(100, 1000, 10, 10, 2, 2, 3, 0),
            new LocalFanout(), new ChatEncoder(jsonb), java.time.Clock.systemUTC());

    @AfterEach
    void close() throws Exception {
        jsonb.close();
    }

    private Member member() {
        FakeSession session = new FakeSession();
        session.completeInline(true);
        return new Member(session.sender());
    }

    @Test
    void aFullRoomRefusesTheNextMemberWith1013() throws Exception {
        rooms.join("lobby", member(), "a", null, new Delivery());
        rooms.join("lobby", member(), "b", null, new Delivery());
        Refused refused = assertThrows(Refused.class, () -> rooms.join("lobby", member(), "c", null, new Delivery()));
        assertEquals(CloseCodes.TRY_AGAIN_LATER, refused.closeCode());
        assertEquals("room-full", refused.toErrorMessage().code());
    }

    @Test
    void pastTheRoomLimitANewRoomIsRefusedWith1013AndEmptyRoomsMakeWay() throws Exception {
        Member first = member();
        Room one = rooms.join("one", first, "a", null, new Delivery());
        rooms.join("two", member(), "b", null, new Delivery());
        Refused refused = assertThrows(Refused.class, () -> rooms.join("three", member(), "c", null, new Delivery()));
        assertEquals("too-many-rooms", refused.toErrorMessage().code());
        assertEquals(2, rooms.count(), "the refused room was not created");
        rooms.leave(one, first, new Delivery());
        assertEquals(1, rooms.count(), "an empty room is removed");
        rooms.join("three", member(), "c", null, new Delivery());
    }

    @Test
    void historyKeepsTheLastMessagesAndReportsAGapToThoseWhoMissedMore() throws Exception {
        Member alice = member();
        Room room = rooms.join("lobby", alice, "alice", null, new Delivery());
        for (int i = 1; i <= 5; i++) {
            room.post(alice, "m" + i, new Delivery());
        }
        FakeSession late = new FakeSession();
        late.completeInline(true);
        Delivery delivery = new Delivery();
        rooms.join("lobby", new Member(late.sender()), "late", 1L, delivery);
        assertEquals(List.of(), late.sent(), "the room only queues; sending starts at flush");
        delivery.flush();
        String welcome = (String) late.sent().get(0);
        assertTrue(welcome.contains("\"gap\":true"), welcome);
        assertTrue(welcome.contains("\"text\":\"m3\"") && welcome.contains("\"text\":\"m5\"") && !welcome.contains("\"text\":\"m2\""), welcome);
        assertEquals(List.of(), late.closes());
    }

    @Test
    void aSignedInMemberKeepsItsPrincipalsNameCannotRenameAndCannotJoinTwice() throws Exception {
        FakeSession session = new FakeSession();
        session.completeInline(true);
        Member alice = new Member(session.sender(), true);
        // A principal's name comes from the container: taken as it is, even where a nickname could not be.
        Room room = rooms.join("lobby", alice, "alice@example.com", null, new Delivery());
        assertEquals("alice@example.com", alice.name());

        InvalidMessage refusedRename = assertThrows(InvalidMessage.class, () -> room.rename(alice, "mallory", new Delivery()));
        assertEquals("rename-not-allowed", refusedRename.toErrorMessage().code());
        assertEquals("alice@example.com", alice.name());

        Refused second = assertThrows(Refused.class,
                () -> rooms.join("lobby", new Member(new FakeSession().sender(), true), "ALICE@example.com", null, new Delivery()));
        assertEquals("name-taken", second.toErrorMessage().code());
        assertEquals(CloseCodes.VIOLATED_POLICY, second.closeCode());

        Member guest = member();
        rooms.join("other", guest, "alice@example.com", null, new Delivery());
        assertTrue(guest.name().startsWith("guest-"), "a nickname with @ is not valid for members who are not signed in");
    }
}
