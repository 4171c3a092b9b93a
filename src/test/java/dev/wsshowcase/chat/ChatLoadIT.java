package dev.wsshowcase.chat;

import static dev.wsshowcase.chat.ChatIT.join;
import static dev.wsshowcase.chat.ChatIT.room;
import static dev.wsshowcase.testsupport.Json.number;
import static dev.wsshowcase.testsupport.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.testsupport.NeedsOneNode;
import dev.wsshowcase.testsupport.NeedsTomcat;
import dev.wsshowcase.testsupport.Poll;
import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.Scrapes;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.WsClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The chat under load, on every runtime of the suite: megabytes of messages through one room.
 * These tests run one at a time and apart from the functional tests, which they would starve.
 */
@ShowcaseIT
@Execution(ExecutionMode.SAME_THREAD)
class ChatLoadIT {

    private static final int RATE_BURST = Integer.parseInt(ChatSettings.RATE_BURST.defaultText());
    private static final int MAX_TEXT_CHARS = Integer.parseInt(ChatSettings.MAX_TEXT_CHARS.defaultText());
    /** These tests move megabytes; a slow runtime (Payara) may pause longer than the usual wait between messages. */
    private static final Duration BULK_WAIT = Duration.ofSeconds(60);
    /** About 12 MB of chat while one member never reads: the others get all of it, without waiting. */
    @Test
    void aMemberThatNeverReadsDelaysNobody(Target server) throws Exception {
        try (StalledRoom room = StalledRoom.fill(server)) {
            for (Tally tally : room.tallies) {
                assertEquals(room.expected, tally.messages);
                assertFalse(tally.left.stream().anyMatch(name -> name.startsWith("sender")), "no reader was dropped: " + tally.left);
            }
        }
    }

    /**
     * The same, and the member that never reads is dropped (a leave for the others), and the
     * drop is counted: with 1008 once its queue passes {@code showcase.send.max-queued-bytes} or
     * a send to it stays in flight past {@code showcase.send.timeout-ms}, or with 1001 when it
     * leaves a keepalive ping unanswered or a send to it fails, whichever comes first. On Payara 6, which
     * completes a send once it has buffered it, the queue never fills and the keepalive or the
     * send timeout is what drops it. The count is one node's: behind a balancer over nodes the
     * scrape may reach another (RedisNodesIT has the drop across nodes).
     */
    @Test
    @NeedsOneNode
    void aMemberThatNeverReadsIsDropped(Target server) throws Exception {
        double dropsBefore = drops(server);
        try (StalledRoom room = StalledRoom.fill(server)) {
            for (Tally tally : room.tallies) {
                tally.awaitLeaveOf("stalled");
                assertEquals(List.of("stalled"), tally.left, "only the member that never reads was dropped");
            }
        }
        Poll.until(Duration.ofSeconds(10), "the drop to be counted (showcase_send_queue_overflows_total,"
                        + " showcase_keepalive_timeouts_total or showcase_send_failures_total)",
                () -> drops(server) >= dropsBefore + 1 ? true : null);
    }

    /** The chat's clients dropped for not keeping up so far: a queue overflow or a send that timed out (1008), an unanswered ping or a send that failed (1001). */
    private static double drops(Target server) throws Exception {
        String scrape = Scrapes.scrape(server);
        return Scrapes.value(scrape, "showcase_send_queue_overflows_total", "endpoint", "chat")
                + Scrapes.value(scrape, "showcase_keepalive_timeouts_total", "endpoint", "chat")
                + Scrapes.value(scrape, "showcase_send_failures_total", "endpoint", "chat", "reason", "timeout")
                + Scrapes.value(scrape, "showcase_send_failures_total", "endpoint", "chat", "reason", "error");
    }

    /**
     * A room with a member that never reads (a raw socket with a 4 KiB receive buffer) and ten
     * senders that also read. The senders take turns, each waiting until every reader has its
     * burst, as readers that keep up would: their backlog stays one burst (1.2 MB), the stalled
     * member's grows to 12 MB.
     */
    private static final class StalledRoom implements AutoCloseable {
        private final RawWebSocket stalled;
        private final List<WsClient> clients = new ArrayList<>();
        private final List<Tally> tallies = new ArrayList<>();
        private int expected;

        private StalledRoom(RawWebSocket stalled) {
            this.stalled = stalled;
        }

        static StalledRoom fill(Target server) throws Exception {
            String room = room();
            int senders = 10;
            int each = RATE_BURST;
            String text = "\u4E16".repeat(MAX_TEXT_CHARS);
            StalledRoom stalledRoom = new StalledRoom(
                    RawWebSocket.connect(URI.create(server.ws("chat/" + room) + "?name=stalled"), 4096, Map.of()));
            try {
                for (int i = 0; i < senders; i++) {
                    WsClient client = join(server, room, "sender" + i);
                    stalledRoom.clients.add(client);
                    stalledRoom.tallies.add(new Tally(client));
                }
                for (int i = 0; i < senders; i++) {
                    for (int m = 0; m < each; m++) {
                        stalledRoom.clients.get(i).send(text);
                    }
                    for (Tally tally : stalledRoom.tallies) {
                        tally.awaitMessages((i + 1) * each);
                    }
                }
                stalledRoom.expected = senders * each;
                return stalledRoom;
            } catch (Exception | Error e) {
                stalledRoom.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            for (WsClient client : clients) {
                client.close();
            }
            stalled.close();
        }
    }

    /** What one reading member has received so far. */
    private static final class Tally {
        private final WsClient client;
        private final List<String> left = new ArrayList<>();
        private int messages;

        Tally(WsClient client) {
            this.client = client;
        }

        void awaitMessages(int count) {
            while (messages < count) {
                next();
            }
        }

        void awaitLeaveOf(String name) {
            while (!left.contains(name)) {
                next();
            }
        }

        private void next() {
            Map<String, Object> event;
            try {
                event = object(client.awaitText(BULK_WAIT));
            } catch (AssertionError e) {
                throw new AssertionError("after " + messages + " messages; members that left: " + left, e);
            }
            if ("message".equals(event.get("type"))) {
                messages++;
            } else if ("leave".equals(event.get("type"))) {
                left.add((String) event.get("name"));
            }
        }
    }

    /** 50 members each send 200 messages at once: everyone gets all 10,000, in one order. */
    @Test
    void fiftyMembersSendingTwoHundredMessagesAtOnceLoseNothing(Target server) throws Exception {
        String room = room();
        int members = 50;
        int each = 200;
        List<WsClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(members);
        try {
            for (int i = 0; i < members; i++) {
                clients.add(join(server, room, "m" + i));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                WsClient client = clients.get(i);
                int sender = i;
                sends.add(pool.submit(() -> {
                    start.await();
                    for (int m = 0; m < each; m++) {
                        client.send(sender + ":" + m);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> send : sends) {
                send.get(120, TimeUnit.SECONDS);
            }
            List<Future<?>> checks = new ArrayList<>();
            for (WsClient client : clients) {
                checks.add(pool.submit(() -> {
                    int[] next = new int[members];
                    long lastSeq = 0;
                    for (int received = 0; received < members * each; ) {
                        Map<String, Object> event;
                        try {
                            event = object(client.awaitText(BULK_WAIT));
                        } catch (AssertionError e) {
                            throw new AssertionError("a member got " + received + " of " + members * each
                                    + " messages (last seq " + lastSeq + "), then nothing; still open: " + client.isOpen(), e);
                        }
                        if ("error".equals(event.get("type"))) {
                            throw new AssertionError("error event: " + event);
                        }
                        if (!"message".equals(event.get("type"))) {
                            continue;
                        }
                        long seq = number(event, "seq");
                        assertTrue(seq > lastSeq, "sequence numbers only grow");
                        lastSeq = seq;
                        String[] parts = ((String) event.get("text")).split(":");
                        int sender = Integer.parseInt(parts[0]);
                        assertEquals("m" + sender, event.get("from"));
                        assertEquals(next[sender]++, Integer.parseInt(parts[1]), "each sender's messages in order");
                        received++;
                    }
                    assertEquals(members * each, lastSeq, "one seq per message, none skipped");
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get(180, TimeUnit.SECONDS);
            }
            for (WsClient client : clients) {
                assertTrue(client.isOpen());
            }
        } finally {
            for (WsClient client : clients) {
                client.close();
            }
            pool.shutdownNow();
        }
    }


    /**
     * On Tomcat the messages that wait for a member leave together, in one write per flush
     * (batched writes): 20 members each send 100 messages at once, everyone gets all 2,000, and
     * the writes counted ({@code showcase_send_writes_total}) are well under the messages sent.
     * Elsewhere each message is a write of its own. The counts are one node's.
     */
    @Test
    @NeedsTomcat
    @NeedsOneNode
    void onTomcatMessagesThatWaitForAMemberLeaveInFewerWrites(Target server) throws Exception {
        String room = room();
        int members = 20;
        int each = 100;
        String before = Scrapes.scrape(server);
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                clients.add(join(server, room, "w" + i));
            }
            for (WsClient client : clients) {
                for (int m = 0; m < each; m++) {
                    client.send(Integer.toString(m));
                }
            }
            for (WsClient client : clients) {
                Tally tally = new Tally(client);
                tally.awaitMessages(members * each);
            }
        } finally {
            for (WsClient client : clients) {
                client.close();
            }
        }
        String after = Scrapes.scrape(server);
        double sent = Scrapes.value(after, "showcase_messages_sent_total", "endpoint", "chat")
                - Scrapes.value(before, "showcase_messages_sent_total", "endpoint", "chat");
        double writes = Scrapes.value(after, "showcase_send_writes_total", "endpoint", "chat")
                - Scrapes.value(before, "showcase_send_writes_total", "endpoint", "chat");
        assertTrue(sent >= members * members * each, "messages sent: " + sent);
        assertTrue(writes > 0 && writes * 1.5 < sent, "writes " + writes + " for " + sent + " messages sent");
    }
}
