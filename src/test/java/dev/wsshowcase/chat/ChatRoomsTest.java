package dev.wsshowcase.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.codec.JsonOutbound;
import dev.wsshowcase.send.SharedSends;
import dev.wsshowcase.testsupport.FakeSession;
import dev.wsshowcase.testsupport.HelperFirstSends;
import dev.wsshowcase.testsupport.Json;
import dev.wsshowcase.testsupport.Poll;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Room and registry limits, with a small configuration and no server. */
class ChatRoomsTest {

    private final Jsonb jsonb = JsonbBuilder.create();
    private final ChatRooms rooms = new ChatRooms(
            new ChatConfig(100, 1000, 10, 10, 2, 2, 3, 0, "node-1"),
            new LocalFanout(), new JsonOutbound(jsonb), java.time.Clock.systemUTC());

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
    void theWelcomeNamesTheNode() throws Exception {
        assertEquals("node-1", welcomeOf(rooms, "lobby", "alice", null).get("node"));
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
        rooms.join("lobby", new Member(late.sender()), "late", new Position(1, room.epoch()), delivery);
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

    @Test
    void aPositionFromAnEarlierIncarnationOfTheRoomIsAGapWithTheWholeHistory() throws Exception {
        ChatRooms rooms = new ChatRooms(new ChatConfig(100, 1000, 10, 10, 10, 2, 3, 0, "node-1"),
                new LocalFanout(), new JsonOutbound(jsonb), java.time.Clock.systemUTC());
        Member alice = member();
        Room first = rooms.join("lobby", alice, "alice", null, new Delivery());
        for (int i = 1; i <= 3; i++) {
            first.post(alice, "old " + i, new Delivery());
        }
        String oldEpoch = first.epoch();
        rooms.leave(first, alice, new Delivery());

        Member bob = member();
        Room second = rooms.join("lobby", bob, "bob", null, new Delivery());
        assertNotEquals(oldEpoch, second.epoch(), "a new incarnation has a new epoch");
        for (int i = 1; i <= 5; i++) {
            second.post(bob, "new " + i, new Delivery());
        }

        Map<String, Object> welcome = welcomeOf(rooms, "lobby", "alice", new Position(3, oldEpoch));
        assertEquals(true, welcome.get("gap"), "alice's seq 3 was in another room");
        assertEquals(second.epoch(), welcome.get("epoch"));
        assertEquals(List.of("new 3", "new 4", "new 5"), texts(welcome), "everything kept (history 3), not only new 4 and new 5 as if missed");

        Map<String, Object> noEpoch = welcomeOf(rooms, "lobby", "carol", new Position(3, null));
        assertEquals(true, noEpoch.get("gap"), "since without epoch cannot be trusted");
        assertEquals(List.of("new 3", "new 4", "new 5"), texts(noEpoch));

        Map<String, Object> same = welcomeOf(rooms, "lobby", "dave", new Position(4, second.epoch()));
        assertEquals(false, same.get("gap"));
        assertEquals(List.of("new 5"), texts(same), "within one epoch exactly what was missed");

        Map<String, Object> ahead = welcomeOf(rooms, "lobby", "erin", new Position(99, second.epoch()));
        assertEquals(true, ahead.get("gap"), "a seq the room never reached is not this room's");
    }

    @Test
    void aJoinInOneRoomDoesNotWaitForAnotherRoomsLock() throws Exception {
        Room busy = rooms.join("busy", member(), "holder", null, new Delivery());
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (busy) {
                locked.countDown();
                awaitQuietly(release);
            }
        });
        holder.start();
        try {
            assertTrue(locked.await(5, TimeUnit.SECONDS));
            Thread waiter = new Thread(() -> {
                try {
                    rooms.join("busy", member(), "waiter", null, new Delivery());
                } catch (Refused e) {
                    throw new AssertionError(e);
                }
            });
            waiter.start();
            Poll.until(java.time.Duration.ofSeconds(5), "the join in the busy room to wait for its lock",
                    () -> waiter.getState() == Thread.State.BLOCKED ? true : null);

            CompletableFuture<Room> other = CompletableFuture.supplyAsync(() -> {
                try {
                    return rooms.join("quiet", member(), "newcomer", null, new Delivery());
                } catch (Refused e) {
                    throw new AssertionError(e);
                }
            });
            Room quiet = other.get(5, TimeUnit.SECONDS);
            assertEquals(1, quiet.size(), "the quiet room took its member while the busy room's lock was held");
            assertFalse(waiter.getState() == Thread.State.TERMINATED, "the busy room's join is still waiting");
            release.countDown();
            waiter.join(5000);
            assertEquals(2, busy.size());
        } finally {
            release.countDown();
            holder.join(5000);
        }
    }

    /**
     * A message to a room larger than a slice has its sends started through the shared sends:
     * here by a helper thread that takes every slice (it runs, and is waited for, before the
     * poster's thread gets to one), so every send of every message is the helper's. Each member
     * gets each message once, in the room's order, and no two sends overlap.
     */
    @Test
    void aLargeRoomsMessagesHaveTheirSendsStartedByTheSharedSendsEachMemberOnceInOrder() throws Exception {
        SharedSends helperFirst = HelperFirstSends.on("shared-sends-helper");
        List<FakeSession> sessions = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        Room room = largeRoom(SharedSends.SLICE * 3 + 1, sessions, members);
        sessions.forEach(session -> session.completeInline(false));
        for (int i = 0; i < 3; i++) {
            Delivery delivery = new Delivery(helperFirst);
            room.post(members.get(0), "hello " + i, delivery);
            delivery.flush();
            for (FakeSession session : sessions) {
                assertEquals(1, session.inFlightCount(), "every member's send of this message was started");
                session.completeNext(); // idle again before the next message, so that its sends are started anew
            }
        }
        for (FakeSession session : sessions) {
            List<String> said = session.sent().stream().map(String.class::cast)
                    .filter(text -> text.contains("\"type\":\"message\"")).toList();
            assertEquals(3, said.size(), said.toString());
            for (int i = 0; i < 3; i++) {
                assertTrue(said.get(i).contains("\"text\":\"hello " + i + "\""), said.toString());
            }
            assertTrue(session.sendingThreads().contains("shared-sends-helper"), session.sendingThreads().toString());
            assertEquals(0, session.overlaps());
        }
    }

    /**
     * A large room's message is handed to the send pool: the poster's thread returns before any
     * member's send starts, and a second message posted meanwhile joins the first in each
     * member's queue, so that one drain sends both, in order.
     */
    @Test
    void aLargeRoomsMessageIsHandedToThePoolAndTheNextJoinsItInEachMembersQueue() throws Exception {
        List<Runnable> pool = new ArrayList<>();
        SharedSends handedOff = new SharedSends(pool::add, 2);
        List<FakeSession> sessions = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        Room room = largeRoom(SharedSends.SLICE * 2 + 1, sessions, members);
        for (int i = 0; i < 2; i++) {
            Delivery delivery = new Delivery(handedOff);
            room.post(members.get(0), "hello " + i, delivery);
            delivery.flush();
        }
        assertEquals(3, pool.size(), "the first message's three slices were handed off; the second found every member's drain pending");
        for (FakeSession session : sessions) {
            assertTrue(said(session).isEmpty(), "nothing sent before the pool runs: " + said(session));
        }
        pool.forEach(Runnable::run);
        for (FakeSession session : sessions) {
            List<String> said = said(session);
            assertEquals(2, said.size(), said.toString());
            assertTrue(said.get(0).contains("\"text\":\"hello 0\"") && said.get(1).contains("\"text\":\"hello 1\""), said.toString());
            assertEquals(0, session.overlaps());
        }
    }

    /**
     * A room of {@code count} members, m0 to m(count-1), whose welcomes and join notices have
     * left; their sessions and members are added to the lists.
     */
    private Room largeRoom(int count, List<FakeSession> sessions, List<Member> members) throws Exception {
        ChatRooms large = new ChatRooms(new ChatConfig(100, 1000, 10, 10, 2000, 2, 3, 0, "node-1"),
                new LocalFanout(), new JsonOutbound(jsonb), java.time.Clock.systemUTC());
        Room room = null;
        for (int i = 0; i < count; i++) {
            FakeSession session = new FakeSession();
            session.completeInline(true); // welcomes and join notices leave at once
            sessions.add(session);
            members.add(new Member(session.sender()));
            Delivery joined = new Delivery();
            room = large.join("lobby", members.get(i), "m" + i, null, joined);
            joined.flush();
        }
        return room;
    }

    /** The chat messages (not joins, not welcomes) sent to {@code session}. */
    private static List<String> said(FakeSession session) {
        return session.sent().stream().map(String.class::cast).filter(text -> text.contains("\"type\":\"message\"")).toList();
    }

    private static Map<String, Object> welcomeOf(ChatRooms rooms, String room, String name, Position resume) throws Exception {
        FakeSession session = new FakeSession();
        session.completeInline(true);
        Delivery delivery = new Delivery();
        rooms.join(room, new Member(session.sender()), name, resume, delivery);
        delivery.flush();
        return Json.object((String) session.sent().get(0));
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(Map<String, Object> welcome) {
        return ((List<Map<String, Object>>) welcome.get("history")).stream().map(m -> (String) m.get("text")).toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
