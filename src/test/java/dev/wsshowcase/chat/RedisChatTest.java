package dev.wsshowcase.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.chat.codec.ChatCommand;
import dev.wsshowcase.chat.redis.RedisChatEngine;
import dev.wsshowcase.codec.JsonOutbound;
import dev.wsshowcase.metrics.Metrics;
import dev.wsshowcase.testsupport.FakeSession;
import dev.wsshowcase.testsupport.Json;
import dev.wsshowcase.testsupport.Poll;
import dev.wsshowcase.testsupport.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The chat on Redis with two engines in one JVM as two nodes, against a real {@code redis-server}
 * of the test's own (skipped loudly without one), through {@link ChatSession} as a connection
 * would use it. One test at a time: each starts from an empty Redis.
 */
@Execution(ExecutionMode.SAME_THREAD)
class RedisChatTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static RedisServer redis;

    private final Jsonb jsonb = JsonbBuilder.create();
    private final List<Node> nodes = new ArrayList<>();
    private final ChatConfig config = config("node-0");

    /** One node: an engine with a scheduler and meters of its own. */
    private record Node(RedisChatEngine engine, ScheduledExecutorService scheduler, MeterRegistry meters) {

        Node(RedisChatEngine engine, ScheduledExecutorService scheduler) {
            this(engine, scheduler, new SimpleMeterRegistry());
        }

        /** A gauge's value, or a counter's or a timer's count; 0 for a meter not registered. */
        double value(String name, String... tags) {
            var search = meters.find(name).tags(tags);
            return search.gauge() != null ? search.gauge().value() : search.counter() != null ? search.counter().count()
                    : search.timer() != null ? search.timer().count() : 0;
        }
    }

    /** One member's connection: what it was sent, and its chat session. */
    private record Client(FakeSession session, ChatSession chat) {

        List<Map<String, Object>> received(String type) {
            return session.sent().stream().map(m -> Json.object((String) m)).filter(m -> type.equals(m.get("type"))).toList();
        }

        Map<String, Object> welcome() throws Exception {
            return Poll.until(WAIT, "a welcome", () -> received("welcome").stream().findFirst().orElse(null));
        }

        void say(String text) {
            chat.command(new ChatCommand.Say(text));
        }
    }

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void emptyRedis() throws Exception {
        assertEquals("+OK", redis.command("FLUSHALL"));
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (Node node : nodes) {
            node.engine().close();
            node.scheduler().shutdownNow();
        }
        jsonb.close();
    }

    /** The chat's limits of these tests, on the node named {@code node}. */
    private static ChatConfig config(String node) {
        return new ChatConfig(20_000, 16384, 1000, 1000, 20, 100, 10, 0, node);
    }

    /** A node named {@code node-1}, {@code node-2} ... in the order started. */
    private Node node() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        RedisChatEngine engine = new RedisChatEngine(config("node-" + (nodes.size() + 1)), new JsonOutbound(jsonb),
                scheduler, redis.url());
        Node node = new Node(engine, scheduler);
        engine.measure(Metrics.in(node.meters()));
        nodes.add(node);
        Poll.until(WAIT, "the node to connect to Redis", () -> {
            FakeSession probe = new FakeSession();
            probe.completeInline(true);
            ChatSession chat = ChatSession.open(engine, probe.connection(), "probe", "probe", null, null, false);
            boolean joined = probe.closes().isEmpty();
            chat.closed(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
            return joined ? true : null;
        });
        return node;
    }

    private Client join(Node node, String room, String name) {
        return join(node, room, name, null, null);
    }

    private Client join(Node node, String room, String name, String since, String epoch) {
        FakeSession session = new FakeSession();
        session.completeInline(true);
        return new Client(session, ChatSession.open(node.engine(), session.connection(), room, name, since, epoch, false));
    }

    /** Two nodes, alice on the first and bob on the second in room lobby, and the epoch alice was welcomed with. */
    private record Lobby(Node a, Node b, Client alice, Client bob, String epoch) {
    }

    /** A {@link Lobby} in which alice said {@code text} and bob got it. */
    private Lobby lobbyAfter(String text) throws Exception {
        Node a = node();
        Node b = node();
        Client alice = join(a, "lobby", "alice");
        String epoch = (String) alice.welcome().get("epoch");
        Client bob = join(b, "lobby", "bob");
        bob.welcome();
        alice.say(text);
        Poll.until(WAIT, "bob to get '" + text + "'", () -> bob.received("message").size() == 1 ? true : null);
        return new Lobby(a, b, alice, bob, epoch);
    }

    /** A URL that does not parse, or a Redis nobody listens for: the engine starts, and joins get 'unavailable' and 1013. */
    @Test
    void aWrongUrlOrAnUnreachableRedisAnswersUnavailable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        for (String url : List.of("not a redis url", "redis://127.0.0.1:" + closedPort)) {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            RedisChatEngine engine = new RedisChatEngine(config, new JsonOutbound(jsonb), scheduler, url);
            nodes.add(new Node(engine, scheduler));
            Client refused = join(new Node(engine, scheduler), "lobby", "alice");
            assertEquals(CloseCodes.TRY_AGAIN_LATER, refused.session().closes().get(0).getCloseCode(), url);
            assertEquals("unavailable", refused.received("error").get(0).get("code"), url);
        }
    }

    @Test
    void postsFromBothNodesGetOneContiguousOrderEverywhere() throws Exception {
        Node a = node();
        Node b = node();
        Client alice = join(a, "lobby", "alice");
        Client bob = join(b, "lobby", "bob");
        Client carol = join(b, "lobby", "carol");
        alice.welcome();
        bob.welcome();
        carol.welcome();
        for (int i = 0; i < 30; i++) {
            alice.say("a" + i);
            bob.say("b" + i);
        }
        for (Client client : List.of(alice, bob, carol)) {
            Poll.until(WAIT, "60 messages", () -> client.received("message").size() >= 60 ? true : null);
        }
        List<String> order = alice.received("message").stream().map(m -> m.get("seq") + ":" + m.get("text")).toList();
        assertEquals(order, bob.received("message").stream().map(m -> m.get("seq") + ":" + m.get("text")).toList());
        assertEquals(order, carol.received("message").stream().map(m -> m.get("seq") + ":" + m.get("text")).toList());
        List<Map<String, Object>> messages = alice.received("message");
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(i + 1, Json.number(messages.get(i), "seq"), "contiguous seq from 1: " + order);
        }
        List<String> fromAlice = messages.stream().filter(m -> "alice".equals(m.get("from"))).map(m -> (String) m.get("text")).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add("a" + i);
        }
        assertEquals(expected, fromAlice, "each sender's messages stay in the order sent");
        assertEquals(60, messages.size(), "no duplicates");
    }

    @Test
    void ofMembersRacingForOneNameOnTwoNodesExactlyOneGetsIt() throws Exception {
        Node a = node();
        Node b = node();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Client>> racing = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Node node = i % 2 == 0 ? a : b;
                String name = i % 3 == 0 ? "Dana" : i % 3 == 1 ? "DANA" : "ｄａｎａ";
                racing.add(threads.submit(() -> {
                    start.await();
                    return join(node, "race", name);
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Client> future : racing) {
                Client client = future.get(30, TimeUnit.SECONDS);
                String you = (String) client.welcome().get("you");
                if (Names.key(you).equals("dana")) {
                    winners++;
                } else {
                    assertTrue(you.startsWith("guest-"), you);
                    assertEquals(1, client.received("error").stream().filter(e -> "name-taken".equals(e.get("code"))).count());
                }
            }
            assertEquals(1, winners);
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * The rename's reply and its publication reach the node on two connections, in either
     * order: a member that has been told of its own rename and posts at once posts under the
     * new name, each time.
     */
    @Test
    void whatAMemberSendsOnceToldOfItsRenameGoesUnderTheNewName() throws Exception {
        Lobby lobby = lobbyAfter("m0");
        Client alice = lobby.alice();
        Client bob = lobby.bob();
        for (int i = 1; i <= 20; i++) {
            String name = "bob" + i;
            bob.chat().command(new ChatCommand.Rename(name));
            Poll.until(WAIT, "bob to be told he is " + name, () -> bob.received("rename").stream()
                    .anyMatch(r -> name.equals(r.get("to"))) ? true : null);
            bob.say("as " + name);
            Map<String, Object> message = Poll.until(WAIT, "alice to get 'as " + name + "'", () -> alice.received("message").stream()
                    .filter(m -> ("as " + name).equals(m.get("text"))).findFirst().orElse(null));
            assertEquals(name, message.get("from"), "the message goes under the name the member was told it has");
        }
        assertEquals(List.of(), bob.received("error"), "nothing was refused");
        assertEquals(List.of(), bob.session().closes());
    }

    /**
     * A member that renames and posts at once, without waiting to be told: each command reaches
     * Redis after the one before it has been answered, so the post goes under the new name
     * (not refused for a name the rename has just given up, which would close the member).
     */
    @Test
    void commandsSentRightAfterARenameGoUnderTheNewName() throws Exception {
        Lobby lobby = lobbyAfter("m0");
        Client alice = lobby.alice();
        Client bob = lobby.bob();
        for (int i = 1; i <= 10; i++) {
            bob.chat().command(new ChatCommand.Rename("bob" + i));
            bob.say("as bob" + i);
            bob.chat().command(new ChatCommand.Private("alice", "whisper as bob" + i));
        }
        Poll.until(WAIT, "alice to get 10 messages and 10 private ones", () -> alice.received("message").size() == 11
                && alice.received("private").size() == 10 ? true : null);
        for (int i = 1; i <= 10; i++) {
            assertEquals("bob" + i, alice.received("message").get(i).get("from"));
            assertEquals("as bob" + i, alice.received("message").get(i).get("text"));
            assertEquals("bob" + i, alice.received("private").get(i - 1).get("from"));
        }
        assertEquals(List.of(), bob.received("error"), "nothing was refused");
        assertEquals(List.of(), bob.session().closes());
    }

    @Test
    void presenceRenamesAndPrivateMessagesCrossNodes() throws Exception {
        Node a = node();
        Node b = node();
        Client alice = join(a, "lobby", "alice");
        assertEquals("node-1", alice.welcome().get("node"), "the welcome names the node the member reached");
        Client bob = join(b, "lobby", "bob");
        assertEquals(List.of("alice", "bob"), bob.welcome().get("members"));
        assertEquals("node-2", bob.welcome().get("node"));
        Poll.until(WAIT, "alice to hear bob join", () -> alice.received("join").stream()
                .anyMatch(j -> "bob".equals(j.get("name"))) ? true : null);

        bob.chat().command(new ChatCommand.Rename("Alice"));
        Poll.until(WAIT, "bob to be told the name is taken", () -> bob.received("error").stream()
                .anyMatch(e -> "name-taken".equals(e.get("code"))) ? true : null);
        bob.chat().command(new ChatCommand.Rename("robert"));
        Poll.until(WAIT, "alice to hear the rename", () -> alice.received("rename").stream()
                .anyMatch(r -> "bob".equals(r.get("from")) && "robert".equals(r.get("to"))) ? true : null);

        Client carol = join(a, "lobby", "carol");
        carol.welcome();
        alice.chat().command(new ChatCommand.Private("ROBERT", "psst"));
        Poll.until(WAIT, "robert to get the private message", () -> bob.received("private").stream()
                .anyMatch(p -> "psst".equals(p.get("text")) && "robert".equals(p.get("to"))) ? true : null);
        Poll.until(WAIT, "alice to get her copy", () -> alice.received("private").isEmpty() ? null : true);
        alice.chat().command(new ChatCommand.Private("nobody", "hello?"));
        Poll.until(WAIT, "an unknown-member error", () -> alice.received("error").stream()
                .anyMatch(e -> "unknown-member".equals(e.get("code"))) ? true : null);
        alice.say("after");
        Poll.until(WAIT, "carol to get the message after", () -> carol.received("message").isEmpty() ? null : true);
        assertEquals(List.of(), carol.received("private"), "a private message reaches only its two members");

        bob.chat().closed(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        Poll.until(WAIT, "alice to hear robert leave", () -> alice.received("leave").stream()
                .anyMatch(l -> "robert".equals(l.get("name"))) ? true : null);
        Client again = join(b, "lobby", "robert");
        assertEquals("robert", again.welcome().get("you"), "the name is free again");
    }

    @Test
    void aMemberReconnectingToAnotherNodeGetsExactlyWhatItMissed() throws Exception {
        Node a = node();
        Node b = node();
        Client alice = join(a, "lobby", "alice");
        String epoch = (String) alice.welcome().get("epoch");
        for (int i = 1; i <= 5; i++) {
            alice.say("m" + i);
        }
        Poll.until(WAIT, "5 messages", () -> alice.received("message").size() == 5 ? true : null);
        Client back = join(b, "lobby", "bob", "2", epoch);
        Map<String, Object> welcome = back.welcome();
        assertEquals(false, welcome.get("gap"));
        assertEquals(epoch, welcome.get("epoch"));
        assertEquals(5L, Json.number(welcome, "lastSeq"));
        assertEquals(List.of("m3", "m4", "m5"), ((List<?>) welcome.get("history")).stream()
                .map(m -> ((Map<?, ?>) m).get("text")).toList());
        Client stranger = join(b, "lobby", "eve", "2", "another-epoch");
        assertEquals(true, stranger.welcome().get("gap"));
    }

    /**
     * Each node counts its own: the rooms it has members in and its members (rising with joins,
     * falling with leaves), the recoveries of the members that reconnected to it, with and
     * without a gap, and the publishes of the messages posted through it.
     */
    @Test
    void eachNodeCountsItsRoomsMembersRecoveriesAndPublishes() throws Exception {
        Node a = node();
        Node b = node();
        for (Node node : List.of(a, b)) {
            assertEquals(1, node.value("showcase.redis.connected"));
            assertEquals(0, node.value("showcase.chat.rooms"), "the probe's room is gone");
            assertEquals(0, node.value("showcase.chat.members"));
        }
        Client alice = join(a, "lobby", "alice");
        String epoch = (String) alice.welcome().get("epoch");
        Client bob = join(b, "lobby", "bob");
        bob.welcome();
        Client carol = join(b, "garden", "carol");
        carol.welcome();
        assertEquals(List.of(1.0, 1.0), List.of(a.value("showcase.chat.rooms"), a.value("showcase.chat.members")));
        assertEquals(List.of(2.0, 2.0), List.of(b.value("showcase.chat.rooms"), b.value("showcase.chat.members")));

        double publishedBefore = a.value("showcase.redis.publish");
        for (int i = 1; i <= 3; i++) {
            alice.say("m" + i);
        }
        Poll.until(WAIT, "bob to get 3 messages", () -> bob.received("message").size() == 3 ? true : null);
        Poll.until(WAIT, "a to time 3 publishes", () -> a.value("showcase.redis.publish") == publishedBefore + 3 ? true : null);
        assertEquals(0, b.value("showcase.redis.publish"), "b published nothing");

        Client back = join(b, "lobby", "dee", "1", epoch);
        assertEquals(false, back.welcome().get("gap"));
        Client lost = join(a, "lobby", "eve", "1", "another-epoch");
        assertEquals(true, lost.welcome().get("gap"));
        assertEquals(List.of(1.0, 0.0), List.of(b.value("showcase.chat.recoveries", "gap", "false"),
                b.value("showcase.chat.recoveries", "gap", "true")), "b counted dee's recovery");
        assertEquals(List.of(0.0, 1.0), List.of(a.value("showcase.chat.recoveries", "gap", "false"),
                a.value("showcase.chat.recoveries", "gap", "true")), "a counted eve's");
        assertEquals(2, a.value("showcase.chat.members"));
        assertEquals(3, b.value("showcase.chat.members"));

        carol.chat().closed(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        assertEquals(List.of(1.0, 2.0), List.of(b.value("showcase.chat.rooms"), b.value("showcase.chat.members")),
                "carol's room is gone from b with her");
        for (Client client : List.of(alice, bob, back, lost)) {
            client.chat().closed(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        }
        for (Node node : List.of(a, b)) {
            assertEquals(List.of(0.0, 0.0), List.of(node.value("showcase.chat.rooms"), node.value("showcase.chat.members")));
        }
    }

    @Test
    void aFullRoomRefusesWith1013OnEveryNode() throws Exception {
        Node a = node();
        Node b = node();
        List<Client> members = new ArrayList<>();
        for (int i = 0; i < config.maxMembers(); i++) {
            members.add(join(i % 2 == 0 ? a : b, "big", "m" + i));
        }
        Client oneMore = join(b, "big", "late");
        Poll.until(WAIT, "a close", () -> oneMore.session().closes().isEmpty() ? null : true);
        assertEquals(CloseCodes.TRY_AGAIN_LATER, oneMore.session().closes().get(0).getCloseCode());
        assertEquals(1, oneMore.received("error").stream().filter(e -> "room-full".equals(e.get("code"))).count());
    }

    @Test
    void scriptsAreSentAgainWhenRedisForgotThem() throws Exception {
        Node a = node();
        Client alice = join(a, "lobby", "alice");
        alice.welcome();
        assertEquals("+OK", redis.command("SCRIPT", "FLUSH"));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add("still here " + i);
            alice.say("still here " + i);
        }
        Poll.until(WAIT, "the messages", () -> alice.received("message").size() == 10 ? true : null);
        assertEquals(sent, alice.received("message").stream().map(m -> m.get("text")).toList(),
                "in the order sent, though the first ones met NOSCRIPT");
    }

    @Test
    void aNodeThatStopsHeartbeatingIsReapedWithOneLeaveEachWithinTheBound() throws Exception {
        Node a = node();
        Node b = node();
        Client alice = join(a, "lobby", "alice");
        alice.welcome();
        Client bob = join(b, "lobby", "bob");
        Client bea = join(b, "lobby", "bea");
        bob.welcome();
        bea.welcome();
        Poll.until(WAIT, "alice to see both join", () -> alice.received("join").size() == 2 ? true : null);
        long halted = System.nanoTime();
        b.engine().halt();
        Poll.until(Duration.ofSeconds(20), "alice to hear both leave", () -> alice.received("leave").size() >= 2 ? true : null);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - halted);
        assertTrue(seconds <= 15, "reaped after " + seconds + " s");
        assertEquals(List.of("bea", "bob"), alice.received("leave").stream().map(l -> (String) l.get("name")).sorted().toList());
        Client bobAgain = join(a, "lobby", "bob");
        assertEquals("bob", bobAgain.welcome().get("you"), "the dead node's names are free");
    }

    @Test
    void whileRedisIsDownMessagesGetUnavailableAndJoinsAreRefusedThenTheRoomRecovers() throws Exception {
        Lobby lobby = lobbyAfter("before");
        Node a = lobby.a();
        Node b = lobby.b();
        Client alice = lobby.alice();
        Client bob = lobby.bob();
        String epoch = lobby.epoch();

        redis.stop();
        long sent = System.nanoTime();
        alice.say("during");
        Poll.until(Duration.ofSeconds(5), "an unavailable error", () -> alice.received("error").stream()
                .anyMatch(e -> "unavailable".equals(e.get("code"))) ? true : null);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent) <= 3000);
        for (Node node : List.of(a, b)) {
            Poll.until(WAIT, "the node to report Redis gone", () -> node.value("showcase.redis.connected") == 0 ? true : null);
        }
        Client refused = join(b, "lobby", "carol");
        assertEquals(CloseCodes.TRY_AGAIN_LATER, Poll.until(WAIT, "a close", () -> refused.session().closes().stream()
                .map(CloseReason::getCloseCode).findFirst().orElse(null)));
        assertEquals("unavailable", refused.received("error").get(0).get("code"));
        assertTrue(alice.session().isOpen() && bob.session().isOpen(), "open connections stay open");

        redis.restart();
        for (Node node : List.of(a, b)) {
            Poll.until(WAIT, "the node to report Redis back", () -> node.value("showcase.redis.connected") == 1 ? true : null);
        }
        for (Client client : List.of(alice, bob)) {
            CloseReason close = Poll.until(Duration.ofSeconds(20), "1012 after Redis came back empty",
                    () -> client.session().closes().stream().findFirst().orElse(null));
            assertEquals(CloseCodes.SERVICE_RESTART, close.getCloseCode());
        }
        assertFalse(bob.received("message").stream().anyMatch(m -> "during".equals(m.get("text"))), "never delivered later");
        Client back = Poll.until(WAIT, "a join to succeed again", () -> {
            Client client = join(a, "lobby", "alice", "1", epoch);
            return client.session().closes().isEmpty() ? client : null;
        });
        Map<String, Object> welcome = back.welcome();
        assertEquals(true, welcome.get("gap"), "Redis lost the room: a new epoch");
        assertNotEquals(epoch, welcome.get("epoch"));
    }

    /**
     * Redis away for 10 s, long enough for a client's reconnect backoff to grow to seconds, then
     * back with its data (a Redis that persists, or a network outage): every node reconnects
     * and resubscribes within the bound, nobody is reaped or closed, and the rooms carry on in
     * one order as if nothing had happened.
     */
    @Test
    void afterAnOutageRedisComesBackWithItsDataAndTheRoomsCarryOnWithoutAReconnect() throws Exception {
        Lobby lobby = lobbyAfter("before");
        Node a = lobby.a();
        Node b = lobby.b();
        Client alice = lobby.alice();
        Client bob = lobby.bob();

        redis.stopKeepingData();
        long stopped = System.nanoTime();
        for (int posted = 1; System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(10); posted++) {
            alice.say("during");
            int expected = posted;
            Poll.until(Duration.ofSeconds(3), "an unavailable error", () -> alice.received("error").stream()
                    .filter(e -> "unavailable".equals(e.get("code"))).count() >= expected ? true : null);
            long next = stopped + TimeUnit.SECONDS.toNanos(posted);
            Poll.until(Duration.ofSeconds(2), "the next post's turn", () -> System.nanoTime() >= next ? true : null);
        }
        redis.restartWithData();
        long restarted = System.nanoTime();

        // b's pub/sub connection is back once a member there hears one on a, in a room of its own;
        // it resubscribed to lobby before that room's SUBSCRIBE, on the same connection
        Client hear = Poll.until(WAIT, "b to take joins again", () -> {
            Client client = join(b, "probe", "hear");
            return client.session().closes().isEmpty() ? client : null;
        });
        Client speak = Poll.until(WAIT, "a to take joins again", () -> {
            Client client = join(a, "probe", "speak");
            return client.session().closes().isEmpty() ? client : null;
        });
        speak.say("ping");
        Poll.until(WAIT, "'ping' from a to b", () -> hear.received("message").size() == 1 ? true : null);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - restarted);
        assertTrue(seconds <= RedisChatEngine.RECONNECT_MAX_DELAY.toSeconds() + 8, "back in step " + seconds + " s after Redis was");

        alice.say("after");
        for (Client client : List.of(alice, bob)) {
            Poll.until(WAIT, "'after'", () -> client.received("message").size() == 2 ? true : null);
            assertEquals(List.of("before:1", "after:2"), client.received("message").stream()
                    .map(m -> m.get("text") + ":" + Json.number(m, "seq")).toList(), "one order, the seq carried on");
            assertTrue(client.session().closes().isEmpty(), "nobody was closed: " + client.session().closes());
        }
        assertTrue(alice.received("leave").isEmpty() && bob.received("leave").isEmpty(), "no node was reaped for Redis's silence");
        Client carol = join(b, "lobby", "carol");
        assertEquals(List.of("alice", "bob", "carol"), carol.welcome().get("members"), "presence kept");
    }

    /**
     * A member's messages go to Redis one after another, and each one's deadline runs from when
     * it leaves for Redis: Redis paused for longer than the deadline refuses the message it was
     * holding, not the twenty that waited at the node behind it.
     */
    @Test
    void messagesWaitingAtTheNodeBehindASlowOneAreNotRefusedForTheWait() throws Exception {
        Lobby lobby = lobbyAfter("m0");
        Client alice = lobby.alice();
        Client bob = lobby.bob();
        assertEquals("+OK", redis.command("CLIENT", "PAUSE", "1800", "WRITE"));
        for (int i = 1; i <= 20; i++) {
            alice.say("m" + i);
        }
        try {
            Poll.until(WAIT, "each message stored or refused", () -> bob.received("message").size() - 1
                    + alice.received("error").size() >= 20 ? true : null);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": bob got " + bob.received("message") + ", alice " + alice.received("error")
                    + "; alice's closes " + alice.session().closes() + ", bob's " + bob.session().closes(), e);
        }
        List<Object> refused = alice.received("error").stream().map(e -> e.get("code")).toList();
        assertTrue(refused.size() <= 1 && refused.stream().allMatch("unavailable"::equals),
                "at most the message Redis held through the pause is refused: " + refused);
        List<Object> texts = bob.received("message").stream().skip(1).map(m -> m.get("text")).toList();
        List<Object> expected = new ArrayList<>();
        for (int i = 1 + refused.size(); i <= 20; i++) {
            expected.add("m" + i);
        }
        assertEquals(expected, texts, "the others stored, in the order sent");
    }

    /** Redis drops subscribers past their output buffer limit; the nodes notice what they missed and close with 1012. */
    @Test
    void nodesWhoseSubscriptionRedisDroppedCloseTheRoomsThatMissedSomethingWith1012() throws Exception {
        Lobby lobby = lobbyAfter("m1");
        Node a = lobby.a();
        Client alice = lobby.alice();
        Client bob = lobby.bob();
        String epoch = lobby.epoch();
        try {
            assertEquals("+OK", redis.command("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 1 0"));
            // larger than Redis's 16 KiB reply buffer, so that it counts against the limit
            alice.say("m2, which no subscriber gets " + "\uD83D\uDE00".repeat(12_000));
            Poll.until(WAIT, "Redis to drop both subscribers", () -> redis.output()
                    .split("overcoming of output buffer limits", -1).length - 1 >= 2 ? true : null);
        } finally {
            assertEquals("+OK", redis.command("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60"));
        }
        for (Client client : List.of(alice, bob)) {
            CloseReason close = Poll.until(Duration.ofSeconds(20), "1012", () -> client.session().closes().stream().findFirst().orElse(null));
            assertEquals(CloseCodes.SERVICE_RESTART, close.getCloseCode());
            assertEquals(List.of("m1"), client.received("message").stream().map(m -> m.get("text")).toList());
        }
        Client back = join(a, "lobby", "alice", "1", epoch);
        Map<String, Object> welcome = back.welcome();
        assertEquals(false, welcome.get("gap"));
        assertEquals(List.of(2L), ((List<?>) welcome.get("history")).stream()
                .map(m -> ((java.math.BigDecimal) ((Map<?, ?>) m).get("seq")).longValueExact()).toList(), "recovered by seq");
    }

    @Test
    void aMemberThatNeverReadsChangesNothingForTheOthers() throws Exception {
        Node a = node();
        Node b = node();
        FakeSession stuck = new FakeSession();
        ChatSession.open(a.engine(), stuck.connection(), "lobby", "stuck", null, null, false);
        Client alice = join(a, "lobby", "alice");
        Client bob = join(b, "lobby", "bob");
        alice.welcome();
        bob.welcome();
        for (int i = 0; i < 200; i++) {
            alice.say("m" + i);
        }
        for (Client client : List.of(alice, bob)) {
            Poll.until(WAIT, "200 messages", () -> client.received("message").size() == 200 ? true : null);
        }
        assertTrue(alice.session().closes().isEmpty() && bob.session().closes().isEmpty());
    }
}
