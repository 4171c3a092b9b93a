package dev.wsshowcase.chat;

import static dev.wsshowcase.testsupport.Json.number;
import static dev.wsshowcase.testsupport.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.testsupport.NeedsLocalChat;
import dev.wsshowcase.testsupport.Poll;
import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.Scrapes;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.WsClient;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The chat's contract, on every runtime of the suite. Each test uses a room of its own. */
@ShowcaseIT
class ChatIT {

    private static final int RATE_BURST = Integer.parseInt(ChatSettings.RATE_BURST.defaultText());
    private static final int MAX_TEXT_CHARS = Integer.parseInt(ChatSettings.MAX_TEXT_CHARS.defaultText());
    private static final int MAX_MESSAGE_BYTES = Integer.parseInt(ChatSettings.MAX_MESSAGE_BYTES.defaultText());
    private static final int HISTORY = Integer.parseInt(ChatSettings.HISTORY.defaultText());

    @Test
    void membersChatWithPlainTextAndJsonAndSeeOneOrder(Target server) throws Exception {
        String room = room();
        try (WsClient alice = join(server, room, "alice");
             WsClient bob = join(server, room, "bob")) {
            assertEquals("bob", event(alice, "join").get("name"));
            alice.send("hello from a terminal");
            Map<String, Object> seenByBob = event(bob, "message");
            bob.send("{\"type\":\"message\",\"text\":\"hi alice\"}");
            for (WsClient client : List.of(alice, bob)) {
                Map<String, Object> first = client == bob ? seenByBob : event(client, "message");
                Map<String, Object> second = event(client, "message");
                assertEquals("alice", first.get("from"));
                assertEquals("hello from a terminal", first.get("text"));
                assertEquals("bob", second.get("from"));
                assertEquals(1, number(first, "seq"));
                assertEquals(2, number(second, "seq"));
                assertTrue(((String) first.get("time")).endsWith("Z"), first.toString());
            }
        }
    }

    @Test
    void theWelcomeNamesTheMembersAndCarriesTheHistory(Target server) throws Exception {
        String room = room();
        try (WsClient alice = join(server, room, "alice")) {
            alice.send("one");
            alice.send("two");
            event(alice, "message");
            event(alice, "message");
            try (WsClient bob = connect(server, room, "bob")) {
                Map<String, Object> welcome = event(bob, "welcome");
                assertEquals("bob", welcome.get("you"));
                assertEquals(room, welcome.get("room"));
                assertEquals(List.of("alice", "bob"), welcome.get("members"));
                assertEquals(List.of("one", "two"), texts(welcome));
                assertEquals(2, number(welcome, "lastSeq"));
                assertEquals(false, welcome.get("gap"));
                // behind a balancer the welcome and api/info may come from different nodes: one that serves the application
                Set<String> nodes = Scrapes.nodeIds(server);
                assertTrue(nodes.contains(welcome.get("node")), "the welcome names a node of " + nodes + ": " + welcome);
            }
            assertEquals("bob", event(alice, "leave").get("name"));
        }
    }

    @Test
    void withoutANameAGuestNameIsAssigned(Target server) throws Exception {
        try (WsClient guest = WsClient.connect(server.ws("chat/" + room()))) {
            String you = (String) event(guest, "welcome").get("you");
            assertTrue(you.matches("guest-\\d{4,}"), you);
        }
    }

    @Test
    void nicknamesAreUniqueIgnoringLetterCase(Target server) throws Exception {
        String room = room();
        try (WsClient first = join(server, room, "Alice");
             WsClient second = connect(server, room, "ALICE")) {
            Map<String, Object> error = event(second, "error");
            assertEquals("name-taken", error.get("code"));
            assertEquals("name", error.get("field"));
            String you = (String) event(second, "welcome").get("you");
            assertTrue(you.startsWith("guest-"), you);
            second.send("{\"type\":\"rename\",\"name\":\"alice\"}");
            assertEquals("name-taken", event(second, "error").get("code"));
        }
    }

    @Test
    void ofClientsRacingForOneNameExactlyOneWins(Target server) throws Exception {
        String room = room();
        int racers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<WsClient> clients = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<WsClient>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String variant = i % 3 == 0 ? "racer" : i % 3 == 1 ? "RACER" : "Racer";
                futures.add(pool.submit(() -> {
                    start.await();
                    return connect(server, room, variant);
                }));
            }
            start.countDown();
            for (Future<WsClient> future : futures) {
                clients.add(future.get(30, TimeUnit.SECONDS));
            }
            int winners = 0;
            for (WsClient client : clients) {
                String you = (String) event(client, "welcome").get("you");
                if (you.equalsIgnoreCase("racer")) {
                    winners++;
                } else {
                    assertTrue(you.startsWith("guest-"), you);
                }
            }
            assertEquals(1, winners);
        } finally {
            for (WsClient client : clients) {
                client.close();
            }
            pool.shutdownNow();
        }
    }

    @Test
    void renamesAreAnnouncedAndTheServerSetsTheSender(Target server) throws Exception {
        String room = room();
        try (WsClient alice = join(server, room, "alice");
             WsClient bob = join(server, room, "bob")) {
            event(alice, "join");
            bob.send("{\"type\":\"rename\",\"name\":\"robert\"}");
            for (WsClient client : List.of(alice, bob)) {
                Map<String, Object> rename = event(client, "rename");
                assertEquals("bob", rename.get("from"));
                assertEquals("robert", rename.get("to"));
            }
            bob.send("{\"type\":\"message\",\"text\":\"it is me\",\"from\":\"alice\",\"seq\":999}");
            Map<String, Object> message = event(alice, "message");
            assertEquals("robert", message.get("from"), "the server sets the sender");
            assertEquals(1, number(message, "seq"));
        }
    }

    @Test
    void privateMessagesReachOnlyTheirRecipientAndACopyTheSender(Target server) throws Exception {
        String room = room();
        try (WsClient alice = join(server, room, "alice");
             WsClient bob = join(server, room, "bob");
             WsClient carol = join(server, room, "carol")) {
            event(alice, "join");
            alice.send("{\"type\":\"private\",\"to\":\"BOB\",\"text\":\"psst\"}");
            for (WsClient client : List.of(bob, alice)) {
                Map<String, Object> whisper = event(client, "private");
                assertEquals("alice", whisper.get("from"));
                assertEquals("bob", whisper.get("to"));
                assertEquals("psst", whisper.get("text"));
            }
            alice.send("public");
            Map<String, Object> next = event(carol, "message", "private");
            assertEquals("message", next.get("type"), "carol never saw the private message");
            alice.send("{\"type\":\"private\",\"to\":\"nobody\",\"text\":\"hello?\"}");
            Map<String, Object> error = event(alice, "error");
            assertEquals("unknown-member", error.get("code"));
            assertEquals("to", error.get("field"));
        }
    }

    @Test
    void typingNoticesGoToTheOthersAtMostOncePerInterval(Target server) throws Exception {
        String room = room();
        try (WsClient alice = join(server, room, "alice");
             WsClient bob = join(server, room, "bob")) {
            event(alice, "join");
            for (int i = 0; i < 5; i++) {
                bob.send("{\"type\":\"typing\"}");
            }
            bob.send("done typing");
            assertEquals("bob", event(alice, "typing").get("name"));
            Map<String, Object> next = event(alice, "typing", "message");
            assertEquals("message", next.get("type"), "the other four notices were dropped");
            assertEquals("message", event(bob, "typing", "message").get("type"), "the typist does not get its own notice");
        }
    }

    @Test
    void aReconnectingClientGetsWhatItMissed(Target server) throws Exception {
        String room = room();
        try (WsClient alice = join(server, room, "alice")) {
            long lastSeen;
            String epoch;
            try (WsClient bob = connect(server, room, "bob")) {
                epoch = (String) event(bob, "welcome").get("epoch");
                alice.send("before");
                lastSeen = number(event(bob, "message"), "seq");
            }
            alice.send("missed 1");
            alice.send("missed 2");
            event(alice, "message");
            event(alice, "message");
            event(alice, "message");
            try (WsClient bob = WsClient.connect(URI.create(server.ws("chat/" + room) + "?name=bob&since=" + lastSeen + "&epoch=" + epoch))) {
                Map<String, Object> welcome = event(bob, "welcome");
                assertEquals(List.of("missed 1", "missed 2"), texts(welcome));
                assertEquals(false, welcome.get("gap"));
                assertEquals(epoch, welcome.get("epoch"));
                assertEquals(lastSeen + 2, number(welcome, "lastSeq"));
            }
            try (WsClient carol = WsClient.connect(URI.create(server.ws("chat/" + room) + "?name=carol&since=" + lastSeen))) {
                Map<String, Object> welcome = event(carol, "welcome");
                assertEquals(true, welcome.get("gap"), "a seq without the epoch it belongs to cannot be trusted");
                assertEquals(List.of("before", "missed 1", "missed 2"), texts(welcome), "the whole kept history");
            }
        }
    }

    @Test
    // On Redis the emptied room is not removed: it keeps its seq, history and epoch (README, "What it guarantees")
    @NeedsLocalChat
    void aReconnectAcrossARoomRestartIsAGapNotNewMessagesPassedOffAsMissed(Target server) throws Exception {
        String room = room();
        String oldEpoch;
        try (WsClient alice = connect(server, room, "alice")) {
            oldEpoch = (String) event(alice, "welcome").get("epoch");
            assertTrue(oldEpoch != null && !oldEpoch.isEmpty(), "the welcome carries the room's epoch");
            for (int i = 1; i <= 3; i++) {
                alice.send("old " + i);
            }
            for (int i = 1; i <= 3; i++) {
                assertEquals(i, number(event(alice, "message"), "seq"));
            }
        }
        // Alice's close reaches the server a moment later; then the empty room goes, and bob starts it anew.
        WsClient bob = Poll.until(WsClient.TIMEOUT, "the empty room to be removed", () -> {
            WsClient candidate = connect(server, room, "bob");
            if (number(event(candidate, "welcome"), "lastSeq") == 0) {
                return candidate;
            }
            candidate.close();
            return null;
        });
        try (bob) {
            for (int i = 1; i <= 5; i++) {
                bob.send("new " + i);
            }
            for (int i = 1; i <= 5; i++) {
                assertEquals(i, number(event(bob, "message"), "seq"));
            }
            try (WsClient alice = WsClient.connect(URI.create(server.ws("chat/" + room) + "?name=alice&since=3&epoch=" + oldEpoch))) {
                Map<String, Object> welcome = event(alice, "welcome");
                assertEquals(true, welcome.get("gap"), "seq 3 of the old room says nothing about the new one");
                assertTrue(!oldEpoch.equals(welcome.get("epoch")), "the new room has a new epoch");
                assertEquals(List.of("new 1", "new 2", "new 3", "new 4", "new 5"), texts(welcome), "the whole kept history, to start over");
                assertEquals(5, number(welcome, "lastSeq"));
            }
        }
    }

    @Test
    void aClientThatMissedMoreThanTheHistoryIsToldSo(Target server) throws Exception {
        String room = room();
        try (WsClient alice = connect(server, room, "alice")) {
            String epoch = (String) event(alice, "welcome").get("epoch");
            for (int i = 1; i <= HISTORY + 5; i++) {
                alice.send("m" + i);
            }
            long last = 0;
            for (int i = 1; i <= HISTORY + 5; i++) {
                last = number(event(alice, "message"), "seq");
            }
            try (WsClient late = WsClient.connect(URI.create(server.ws("chat/" + room) + "?name=late&since=1&epoch=" + epoch))) {
                Map<String, Object> welcome = event(late, "welcome");
                assertEquals(true, welcome.get("gap"));
                List<String> texts = texts(welcome);
                assertEquals(HISTORY, texts.size());
                assertEquals("m" + (HISTORY + 5), texts.get(texts.size() - 1));
                assertEquals(last, number(welcome, "lastSeq"));
            }
        }
    }

    @Test
    // On Redis the emptied room is not removed: it keeps its seq, history and epoch (README, "What it guarantees")
    @NeedsLocalChat
    void anEmptyRoomIsRemoved(Target server) throws Exception {
        String room = room();
        try (WsClient alice = join(server, room, "alice")) {
            alice.send("in the first life of the room");
            event(alice, "message");
        }
        // Alice's close reaches the server a moment later; then the room goes, and a newcomer starts a new one.
        Map<String, Object> welcome = Poll.until(WsClient.TIMEOUT, "the empty room to be removed", () -> {
            try (WsClient bob = connect(server, room, "bob")) {
                Map<String, Object> seen = event(bob, "welcome");
                return number(seen, "lastSeq") == 0 ? seen : null;
            }
        });
        assertEquals(List.of(), welcome.get("history"), "a new room has no history");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{                                            | malformed-json |",
        "{\"type\":\"message\",\"text\":\"unterminated | malformed-json |",
        "{\"text\":\"no type\"}                         | missing-field  | type",
        "{\"type\":7}                                   | invalid-field  | type",
        "{\"type\":\"dance\"}                           | unknown-type   | type",
        "{\"type\":\"message\"}                         | missing-field  | text",
        "{\"type\":\"message\",\"text\":42}             | invalid-field  | text",
        "{\"type\":\"message\",\"text\":\"   \"}        | empty-text     | text",
        "{\"type\":\"message\",\"text\":\"a\\u0000b\"}  | invalid-field  | text",
        "{\"type\":\"message\",\"text\":\"\\ud800\"}    | invalid-field  | text",
        "{\"type\":\"rename\",\"name\":\"\"}            | invalid-name   | name",
        "{\"type\":\"rename\",\"name\":\"a\\u202eb\"}   | invalid-name   | name",
        "{\"type\":\"rename\",\"name\":\"zero\\u200bwidth\"} | invalid-name | name",
        "{\"type\":\"private\",\"text\":\"hi\"}         | missing-field  | to",
    })
    void badInputGetsAnErrorAndTheConnectionStaysOpen(String input, String code, String field, Target server) throws Exception {
        String room = room();
        try (WsClient alice = join(server, room, "alice")) {
            alice.send(input.strip());
            Map<String, Object> error = event(alice, "error");
            assertEquals(code, error.get("code"), error.toString());
            assertEquals(field, error.get("field"), error.toString());
            assertTrue(error.get("reason") instanceof String reason && !reason.isBlank());
            alice.send("still here");
            assertEquals("still here", event(alice, "message").get("text"));
        }
    }

    @Test
    void aTextLongerThanTheLimitGetsAnError(Target server) throws Exception {
        try (WsClient alice = join(server, room(), "alice")) {
            alice.send("x".repeat(MAX_TEXT_CHARS + 1));
            assertEquals("text-too-long", event(alice, "error").get("code"));
            alice.send("x".repeat(MAX_TEXT_CHARS));
            assertEquals(MAX_TEXT_CHARS, ((String) event(alice, "message").get("text")).length());
        }
    }

    @Test
    void aFrameOverTheSizeLimitClosesWith1009(Target server) throws Exception {
        try (WsClient alice = join(server, room(), "alice")) {
            alice.send("{\"type\":\"message\",\"text\":\"" + "x".repeat(MAX_MESSAGE_BYTES) + "\"}");
            assertEquals(CloseCodes.TOO_BIG, alice.awaitClose().getCloseCode());
        }
    }

    @Test
    void binaryClosesWith1003(Target server) throws Exception {
        try (WsClient alice = join(server, room(), "alice")) {
            alice.send(new byte[] {1});
            assertEquals(CloseCodes.CANNOT_ACCEPT, alice.awaitClose().getCloseCode());
        }
    }

    /** With a raw client: the Tyrus client puts the decoded path in its request line. */
    @ParameterizedTest
    @ValueSource(strings = {"-starts-with-dash", "has%20space", "this-room-name-is-far-too-long-to-be-allowed"})
    void anInvalidRoomNameGetsAnErrorAndCloses1008(String room, Target server) throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(server.ws("chat/" + room))) {
            RawWebSocket.Frame error = client.readFrame();
            assertEquals("invalid-room", object(error.text()).get("code"));
            assertEquals(1008, client.readFrame().closeCode());
        }
    }

    @Test
    void roomNamesMayBeInAnyScript(Target server) throws Exception {
        String room = "大厅-" + UUID.randomUUID().toString().substring(0, 8);
        URI uri = URI.create(server.ws("chat/" + URLEncoder.encode(room, StandardCharsets.UTF_8))
                + "?name=" + URLEncoder.encode("小明", StandardCharsets.UTF_8));
        try (RawWebSocket client = RawWebSocket.connect(uri)) {
            Map<String, Object> welcome = object(client.readFrame().text());
            assertEquals("welcome", welcome.get("type"), welcome.toString());
            assertEquals(room, welcome.get("room"));
            assertEquals("小明", welcome.get("you"));
        }
    }

    @Test
    void aFloodGetsARateLimitedErrorThenCloses1008IfItGoesOn(Target server) throws Exception {
        String room = room();
        try (WsClient flooder = join(server, room, "flooder");
             WsClient witness = join(server, room, "witness")) {
            // A burst past the limit: the extra messages are refused with one error, the connection stays.
            // Half a burst over, so that a slow server (the bucket refills while it reads) still refuses some.
            for (int i = 0; i < RATE_BURST + RATE_BURST / 2; i++) {
                flooder.send("burst " + i);
            }
            assertEquals("rate-limited", event(flooder, "error").get("code"));
            assertTrue(flooder.isOpen());
            // Going on: more than another burst refused without a calm second closes the connection.
            try {
                for (int i = 0; i < 2 * RATE_BURST && flooder.isOpen(); i++) {
                    flooder.send("flood " + i);
                }
            } catch (IOException | RuntimeException e) {
                if (flooder.isOpen()) {
                    throw new AssertionError("sending failed on an open connection", e);
                }
            }
            // The server removes the flooder (the witness sees it leave) and closes with 1008. A
            // client still writing when the server closes can lose that close frame to the TCP
            // reset its unread data causes, and then sees 1006; any close frame it does get is 1008.
            CloseCode code = flooder.awaitClose().getCloseCode();
            assertTrue(code == CloseCodes.VIOLATED_POLICY || code == CloseCodes.CLOSED_ABNORMALLY, code.toString());
            assertEquals("flooder", event(witness, "leave").get("name"));
            witness.send("the room still works");
            assertEquals("the room still works", event(witness, "message").get("text"));
        }
    }

    @Test
    void aClientThatVanishesWithATcpResetLeavesThePresence(Target server) throws Exception {
        String room = room();
        try (WsClient alice = join(server, room, "alice")) {
            RawWebSocket ghost = RawWebSocket.connect(URI.create(server.ws("chat/" + room) + "?name=ghost"));
            assertEquals("ghost", event(alice, "join").get("name"));
            ghost.reset();
            // The server notices on its next write to the dead connection (here: the room talks on),
            // or at the latest when the keepalive's ping goes unanswered (KeepaliveIT).
            alice.send("anyone there?");
            assertEquals("ghost", event(alice, "leave").get("name"));
            try (WsClient bob = connect(server, room, "bob")) {
                assertEquals(List.of("alice", "bob"), event(bob, "welcome").get("members"));
            }
        }
    }

    static String room() {
        return "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static WsClient connect(Target server, String room, String name) throws Exception {
        return WsClient.connect(URI.create(server.ws("chat/" + room) + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)));
    }

    /** Connects as {@code name} and waits for the welcome that grants it. */
    static WsClient join(Target server, String room, String name) throws Exception {
        WsClient client = connect(server, room, name);
        assertEquals(name, event(client, "welcome").get("you"));
        return client;
    }

    /** The next event of one of {@code types}, skipping others. */
    static Map<String, Object> event(WsClient client, String... types) {
        return object(client.awaitText(text -> List.of(types).contains(object(text).get("type"))));
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(Map<String, Object> welcome) {
        return ((List<Map<String, Object>>) welcome.get("history")).stream().map(m -> (String) m.get("text")).toList();
    }

}
