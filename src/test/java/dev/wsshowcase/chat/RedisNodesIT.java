package dev.wsshowcase.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.testsupport.Json;
import dev.wsshowcase.testsupport.NeedsRedisNodes;
import dev.wsshowcase.testsupport.PayaraMicro;
import dev.wsshowcase.testsupport.Poll;
import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.RedisServer;
import dev.wsshowcase.testsupport.Scrapes;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.TomcatNode;
import dev.wsshowcase.testsupport.WsClient;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The chat on several nodes, as a user runs it: two Tomcat 11 processes and a Payara Micro
 * process serving the built WAR with {@code showcase.chat.redis-url} pointing at one
 * {@code redis-server} of the test's own, and clients connected to different nodes. Each test
 * uses a room of its own; the tests that stop Redis and kill a node run last. Each node's
 * metrics are scraped from its {@code api/metrics} over loopback.
 */
@NeedsRedisNodes
@Execution(ExecutionMode.SAME_THREAD)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisNodesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static RedisServer redis;
    private static TomcatNode a;
    private static TomcatNode b;
    private static PayaraMicro c;

    /** A chat client that keeps every message it received. */
    private static final class Client implements AutoCloseable {
        final WsClient ws;
        final List<Map<String, Object>> received = new ArrayList<>();

        Client(URI uri) throws Exception {
            ws = WsClient.connect(uri);
        }

        /** Reads until {@code done} holds for what was received, or fails after {@link #WAIT}. */
        List<Map<String, Object>> until(String what, Predicate<List<Map<String, Object>>> done) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.test(received)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out waiting for " + what + "; received " + received
                            + (ws.closeReasonNow() != null ? "; closed " + ws.closeReasonNow() : ""));
                }
                if (ws.poll(Duration.ofMillis(200)) instanceof String text) {
                    received.add(Json.object(text));
                }
            }
            return received;
        }

        List<Map<String, Object>> of(String type) {
            return received.stream().filter(m -> type.equals(m.get("type"))).toList();
        }

        Map<String, Object> welcome() throws Exception {
            return until("a welcome", r -> !of("welcome").isEmpty()).stream()
                    .filter(m -> "welcome".equals(m.get("type"))).findFirst().orElseThrow();
        }

        void say(String text) throws Exception {
            ws.send(Json.json(Map.of("type", "message", "text", text)));
        }

        CloseReason awaitClose(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (ws.closeReasonNow() == null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Not closed within " + timeout + "; received " + received);
                }
                if (ws.poll(Duration.ofMillis(200)) instanceof String text) {
                    received.add(Json.object(text));
                }
            }
            // what came before the close frame (an error saying why) may still wait in the queue
            for (Object message; (message = ws.poll(Duration.ZERO)) != null; ) {
                if (message instanceof String text) {
                    received.add(Json.object(text));
                }
            }
            return ws.closeReasonNow();
        }

        @Override
        public void close() throws Exception {
            ws.close();
        }
    }

    @BeforeAll
    static void startNodes() throws Exception {
        redis = RedisServer.start();
        Map<String, String> properties = Map.of("showcase.chat.redis-url", redis.url());
        ExecutorService starting = Executors.newFixedThreadPool(3);
        try {
            Future<TomcatNode> first = starting.submit(() -> TomcatNode.start("a", properties));
            Future<TomcatNode> second = starting.submit(() -> TomcatNode.start("b", properties));
            Future<PayaraMicro> third = starting.submit(() -> PayaraMicro.start(PayaraMicro.freePort(),
                    Path.of(System.getProperty("java.io.tmpdir"), "redis-nodes-payara-" + ProcessHandle.current().pid() + ".log"),
                    properties));
            a = first.get(5, TimeUnit.MINUTES);
            b = second.get(5, TimeUnit.MINUTES);
            c = third.get(5, TimeUnit.MINUTES);
        } finally {
            starting.shutdown();
        }
        for (Target node : List.of(target(a), target(b), target(c))) {
            Scrapes.awaitReady(node, Duration.ofMinutes(1));
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, c, redis}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private static URI chat(URI ws, String room, String name, String query) {
        return URI.create(ws + "chat/" + room + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + query);
    }

    private static URI onA(String room, String name) {
        return chat(a.ws(""), room, name, "");
    }

    private static URI onB(String room, String name) {
        return chat(b.ws(""), room, name, "");
    }

    private static URI onC(String room, String name) {
        return chat(c.ws(""), room, name, "");
    }

    /** Node {@code node} as a target of {@link Scrapes}. */
    private static Target target(TomcatNode node) {
        return new Target("tomcat11", node.base());
    }

    private static Target target(PayaraMicro node) {
        return new Target("payara6", node.base());
    }

    /** The value of a series of the node's metrics now. */
    private static double metric(TomcatNode node, String name, String... labels) throws Exception {
        return Scrapes.value(target(node), name, labels);
    }

    /** Waits until the node's series {@code name} reads {@code expected}. */
    private static void awaitMetric(TomcatNode node, double expected, String name, String... labels) throws Exception {
        Poll.until(WAIT, name + " " + String.join(",", labels) + " to read " + expected + " on " + node.base(),
                () -> metric(node, name, labels) == expected ? true : null);
    }

    private static List<String> order(Client client) {
        return client.of("message").stream().map(m -> Json.number(m, "seq") + ":" + m.get("text")).toList();
    }

    @Test
    @Order(1)
    void postsFromTomcatAndPayaraNodesGetOneContiguousOrderEverywhere() throws Exception {
        try (Client alice = new Client(onA("order", "alice"));
             Client bob = new Client(onB("order", "bob"));
             Client carol = new Client(onC("order", "carol"))) {
            assertEquals(Scrapes.nodeId(target(a)), alice.welcome().get("node"), "each welcome names the node it came from");
            assertEquals(Scrapes.nodeId(target(b)), bob.welcome().get("node"));
            assertEquals(Scrapes.nodeId(target(c)), carol.welcome().get("node"));
            assertEquals(3, new HashSet<>(List.of(alice.welcome().get("node"), bob.welcome().get("node"),
                    carol.welcome().get("node"))).size(), "members on different nodes see different nodes");
            for (int i = 0; i < 10; i++) {
                alice.say("a" + i);
                bob.say("b" + i);
                carol.say("c" + i);
            }
            for (Client client : List.of(alice, bob, carol)) {
                client.until("30 messages", r -> client.of("message").size() >= 30);
            }
            List<String> order = order(alice);
            assertEquals(order, order(bob));
            assertEquals(order, order(carol));
            for (int i = 0; i < 30; i++) {
                assertEquals(i + 1, Json.number(alice.of("message").get(i), "seq"), "contiguous: " + order);
            }
            for (String sender : List.of("a", "b", "c")) {
                List<String> texts = alice.of("message").stream().map(m -> (String) m.get("text"))
                        .filter(t -> t.startsWith(sender)).toList();
                assertEquals(List.of(sender + 0, sender + 1, sender + 2, sender + 3, sender + 4, sender + 5, sender + 6,
                        sender + 7, sender + 8, sender + 9), texts, "each sender's order");
            }
        }
    }

    @Test
    @Order(2)
    void ofClientsRacingForOneNameOnDifferentNodesExactlyOneGetsIt() throws Exception {
        List<CompletableFuture<Client>> racing = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            URI uri = switch (i % 3) {
                case 0 -> onA("race", "Zed");
                case 1 -> onB("race", "ZED");
                default -> onC("race", "ｚｅｄ");
            };
            racing.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return new Client(uri);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Client> clients = new ArrayList<>();
        try {
            for (CompletableFuture<Client> future : racing) {
                clients.add(future.get(60, TimeUnit.SECONDS));
            }
            int winners = 0;
            for (Client client : clients) {
                String you = (String) client.welcome().get("you");
                if (you.equalsIgnoreCase("zed") || you.equals("ｚｅｄ")) {
                    winners++;
                } else {
                    assertTrue(you.startsWith("guest-"), you);
                }
            }
            assertEquals(1, winners);
        } finally {
            for (Client client : clients) {
                client.close();
            }
        }
    }

    @Test
    @Order(3)
    void presenceAndRecoveryAcrossNodes() throws Exception {
        try (Client alice = new Client(onA("presence", "alice"))) {
            String epoch = (String) alice.welcome().get("epoch");
            try (Client bob = new Client(onB("presence", "bob"))) {
                assertEquals(List.of("alice", "bob"), bob.welcome().get("members"));
                alice.until("bob's join", r -> alice.of("join").stream().anyMatch(j -> "bob".equals(j.get("name"))));
                for (int i = 1; i <= 3; i++) {
                    alice.say("m" + i);
                }
                bob.until("3 messages", r -> bob.of("message").size() == 3);
            }
            alice.until("bob's leave", r -> alice.of("leave").stream().anyMatch(l -> "bob".equals(l.get("name"))));
            try (Client back = new Client(chat(c.ws(""), "presence", "bob", "&since=1&epoch=" + epoch))) {
                Map<String, Object> welcome = back.welcome();
                assertEquals(false, welcome.get("gap"));
                assertEquals(List.of("m2", "m3"), ((List<?>) welcome.get("history")).stream()
                        .map(m -> ((Map<?, ?>) m).get("text")).toList(), "exactly what it missed, on another node");
            }
        }
    }

    /**
     * Each node's metrics count its own part of the chat: the rooms it has members in and its
     * members, rising with joins and falling with leaves; the recoveries of the members that
     * reconnected to it, with and without a gap; the publishes of the messages posted through
     * it; and Redis connected.
     */
    @Test
    @Order(4)
    void eachNodeCountsItsOwnRoomsMembersRecoveriesAndPublishes() throws Exception {
        for (TomcatNode node : List.of(a, b)) {
            assertEquals(1, metric(node, "showcase_redis_connected"), "Redis is connected");
            awaitMetric(node, 0, "showcase_chat_members"); // the earlier tests' members have left
            awaitMetric(node, 0, "showcase_chat_rooms");
        }
        String recoveries = "showcase_chat_recoveries_total";
        double wholeOnB = metric(b, recoveries, "gap", "false");
        double gapOnB = metric(b, recoveries, "gap", "true");
        double publishedOnA = metric(a, "showcase_redis_publish_seconds_count");
        double publishedOnB = metric(b, "showcase_redis_publish_seconds_count");
        try (Client alice = new Client(onA("counted", "alice"));
             Client bob = new Client(onB("counted", "bob"));
             Client carol = new Client(onB("counted-too", "carol"))) {
            String epoch = (String) alice.welcome().get("epoch");
            bob.welcome();
            carol.welcome();
            awaitMetric(a, 1, "showcase_chat_rooms");
            awaitMetric(a, 1, "showcase_chat_members");
            awaitMetric(b, 2, "showcase_chat_rooms");
            awaitMetric(b, 2, "showcase_chat_members");

            for (int i = 1; i <= 3; i++) {
                alice.say("m" + i);
            }
            bob.until("3 messages", r -> bob.of("message").size() == 3);
            awaitMetric(a, publishedOnA + 3, "showcase_redis_publish_seconds_count");
            assertEquals(publishedOnB, metric(b, "showcase_redis_publish_seconds_count"), "b published nothing");

            try (Client back = new Client(chat(b.ws(""), "counted", "cy", "&since=1&epoch=" + epoch));
                 Client lost = new Client(chat(b.ws(""), "counted", "dee", "&since=1&epoch=another"))) {
                assertEquals(false, back.welcome().get("gap"));
                assertEquals(true, lost.welcome().get("gap"));
                awaitMetric(b, wholeOnB + 1, recoveries, "gap", "false");
                awaitMetric(b, gapOnB + 1, recoveries, "gap", "true");
                awaitMetric(b, 4, "showcase_chat_members");
                awaitMetric(b, 2, "showcase_chat_rooms");
            }
            awaitMetric(b, 2, "showcase_chat_members");
        }
        for (TomcatNode node : List.of(a, b)) {
            awaitMetric(node, 0, "showcase_chat_members");
            awaitMetric(node, 0, "showcase_chat_rooms");
        }
    }

    @Test
    @Order(5)
    void aMemberThatNeverReadsOnOneNodeChangesNothingOnTheOthers() throws Exception {
        try (RawWebSocket stuck = RawWebSocket.connect(onA("stuck", "stuck"), 1024, Map.of());
             Client alice = new Client(onA("stuck", "alice"));
             Client bob = new Client(onB("stuck", "bob"))) {
            alice.welcome();
            bob.welcome();
            String text = "x".repeat(1500);
            for (int i = 0; i < 150; i++) {
                alice.say(i + text);
            }
            bob.until("150 messages", r -> bob.of("message").size() == 150);
            alice.until("150 messages", r -> alice.of("message").size() == 150);
            assertEquals(order(alice), order(bob));
        }
    }

    @Test
    @Order(6)
    void redisStoppedWhileMembersPostThenBackEmpty() throws Exception {
        try {
            try (Client alice = new Client(onA("outage", "alice"));
                 Client bob = new Client(onB("outage", "bob"))) {
                String epoch = (String) alice.welcome().get("epoch");
                bob.welcome();
                alice.say("before");
                bob.until("'before'", r -> bob.of("message").size() == 1);

                redis.stop();
                long stopped = System.nanoTime();
                int posted = 0;
                while (System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(10)) {
                    long sent = System.nanoTime();
                    alice.say("during " + posted++);
                    int expected = posted;
                    alice.until(expected + " unavailable errors", r -> alice.of("error").stream()
                            .filter(e -> "unavailable".equals(e.get("code"))).count() >= expected);
                    assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(3), "the error came within 3 s");
                    long next = sent + TimeUnit.MILLISECONDS.toNanos(500);
                    alice.until("the next post's turn", r -> System.nanoTime() >= next);
                }
                try (Client refused = new Client(onB("outage", "carol"))) {
                    assertEquals(CloseCodes.TRY_AGAIN_LATER, refused.awaitClose(WAIT).getCloseCode());
                    assertEquals("unavailable", refused.of("error").get(0).get("code"));
                }
                try (WsClient echo = WsClient.connect(a.ws("echo"))) {
                    echo.send("still echoing");
                    assertEquals("still echoing", echo.awaitText());
                }
                assertTrue(alice.ws.isOpen() && bob.ws.isOpen(), "open connections stay open while Redis is down");
                for (TomcatNode node : List.of(a, b)) {
                    awaitMetric(node, 0, "showcase_redis_connected"); // while Redis is stopped
                }

                redis.restart();
                for (TomcatNode node : List.of(a, b)) {
                    awaitMetric(node, 1, "showcase_redis_connected");
                }
                for (Client client : List.of(alice, bob)) {
                    assertEquals(CloseCodes.SERVICE_RESTART, client.awaitClose(Duration.ofSeconds(30)).getCloseCode());
                    assertTrue(client.of("message").stream().noneMatch(m -> ((String) m.get("text")).startsWith("during")),
                            "a message answered 'unavailable' is never delivered");
                    assertEquals(1, client.of("message").size(), "no duplicates");
                }
                try (Client back = new Client(chat(b.ws(""), "outage", "alice", "&since=1&epoch=" + epoch))) {
                    Map<String, Object> welcome = back.welcome();
                    assertEquals(true, welcome.get("gap"), "Redis came back empty: a new epoch, and the client is told");
                    assertNotEquals(epoch, welcome.get("epoch"));
                    back.say("after");
                    assertEquals(1, Json.number(back.until("'after'", r -> !back.of("message").isEmpty()).stream()
                            .filter(m -> "message".equals(m.get("type"))).findFirst().orElseThrow(), "seq"));
                }
            }
        } finally {
            redis.ensureRunning(); // a failure half-way must not leave the later tests without Redis
        }
    }

    @Test
    @Order(7)
    void aKilledNodesMembersLeaveWithinTwentySeconds() throws Exception {
        try (Client alice = new Client(onA("crash", "alice"))) {
            alice.welcome();
            Client bob = new Client(onB("crash", "bob"));
            Client bea = new Client(onB("crash", "bea"));
            bob.welcome();
            bea.welcome();
            alice.until("two joins", r -> alice.of("join").size() == 2);
            long killed = System.nanoTime();
            b.kill();
            alice.until("two leaves", r -> alice.of("leave").size() == 2);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
            assertTrue(seconds <= 20, "the leaves came " + seconds + " s after the kill");
            assertEquals(List.of("bea", "bob"), alice.of("leave").stream().map(l -> (String) l.get("name")).sorted().toList());
        }
    }

    /** Undeploy on a node with Redis: its members leave at once, and Tomcat finds no thread of ours left. */
    @Test
    @Order(8)
    void aNodeStoppedNormallyTakesItsMembersOutAndLeavesNoThreadBehind() throws Exception {
        try (Client carol = new Client(onC("goodbye", "carol"))) {
            carol.welcome();
            Client alice = new Client(onA("goodbye", "alice"));
            alice.welcome();
            carol.until("alice's join", r -> carol.of("join").size() == 1);
            long stopping = System.nanoTime();
            a.stop();
            carol.until("alice's leave", r -> carol.of("leave").size() == 1);
            assertTrue(System.nanoTime() - stopping < TimeUnit.SECONDS.toNanos(10), "the leave came with the stop, not the reaping");
            String output = a.output();
            assertTrue(output.contains("WebSocket Showcase stopped"), output);
            assertTrue(!output.contains("has failed to stop it") && !output.contains("created a ThreadLocal"),
                    "Tomcat reports a thread or a ThreadLocal left behind:\n" + output);
        }
    }
}
