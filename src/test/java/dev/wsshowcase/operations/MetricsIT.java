package dev.wsshowcase.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.testsupport.Json;
import dev.wsshowcase.testsupport.NeedsOneNode;
import dev.wsshowcase.testsupport.NeedsServletContainer;
import dev.wsshowcase.testsupport.NeedsSuiteSettings;
import dev.wsshowcase.testsupport.Poll;
import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.Scrapes;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.WsClient;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The metrics follow what happens, on every runtime: the open-connections gauge moves by
 * exactly the clients that open and close, the chat's gauges by the rooms and members there
 * are, recoveries are counted with and without a gap, a policy close and a refused Origin are
 * counted, and
 * a scrape from an address that is not allowed is refused. The tests run one at a time, so
 * that no other test's connections move the counts they read.
 */
@ShowcaseIT
// One node's counts, read over several requests: behind a balancer each may reach another node
@NeedsOneNode
@Execution(ExecutionMode.SAME_THREAD)
class MetricsIT {

    private static final String OPEN = "showcase_connections_open";
    private static final String CLOSED = "showcase_connections_closed_total";
    private static final String REFUSED = "showcase_handshakes_refused_total";
    private static final String RECOVERIES = "showcase_chat_recoveries_total";

    @Test
    void fiveEchoClientsRaiseTheEchoGaugeByExactlyFiveAndItFallsBackWhenTheyClose(Target server) throws Exception {
        double before = Scrapes.value(server, OPEN, "endpoint", "echo");
        double receivedBefore = Scrapes.value(server, "showcase_messages_received_total", "endpoint", "echo");
        double sentBytesBefore = Scrapes.value(server, "showcase_messages_sent_bytes_total", "endpoint", "echo");
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                WsClient client = WsClient.connect(server.ws("echo"));
                clients.add(client);
                client.send("hello");
                assertEquals("hello", client.awaitText(), "the connection was admitted");
            }
            assertEquals(before + 5, Scrapes.value(server, OPEN, "endpoint", "echo"), "every client that got its echo is counted");
            String scrape = Scrapes.scrape(server);
            assertTrue(Scrapes.value(scrape, "showcase_messages_received_total", "endpoint", "echo") >= receivedBefore + 5, scrape);
            assertTrue(Scrapes.value(scrape, "showcase_messages_sent_bytes_total", "endpoint", "echo") >= sentBytesBefore + 25, scrape);
        } finally {
            for (WsClient client : clients) {
                client.close();
            }
        }
        Poll.until(WsClient.TIMEOUT, "the echo gauge to fall back to " + before,
                () -> Scrapes.value(server, OPEN, "endpoint", "echo") == before ? true : null);
    }

    @Test
    void chatRoomsAndMembersAreReadFromTheRoomsAndRecoveriesCountedWithAndWithoutGap(Target server) throws Exception {
        String room = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        double rooms = Scrapes.value(server, "showcase_chat_rooms");
        double members = Scrapes.value(server, "showcase_chat_members");
        double whole = Scrapes.value(server, RECOVERIES, "gap", "false");
        double gap = Scrapes.value(server, RECOVERIES, "gap", "true");
        try (WsClient ada = WsClient.connect(server.ws("chat/" + room + "?name=ada"));
             WsClient bob = WsClient.connect(server.ws("chat/" + room + "?name=bob"))) {
            String epoch = (String) Json.object(ada.awaitText(text -> text.contains("\"type\":\"welcome\""))).get("epoch");
            bob.awaitText(text -> text.contains("\"type\":\"welcome\""));
            Poll.until(WsClient.TIMEOUT, "one room and two members more", () ->
                    Scrapes.value(server, "showcase_chat_rooms") == rooms + 1
                            && Scrapes.value(server, "showcase_chat_members") == members + 2 ? true : null);
            try (WsClient back = WsClient.connect(server.ws("chat/" + room + "?name=cy&since=0&epoch=" + epoch));
                 WsClient lost = WsClient.connect(server.ws("chat/" + room + "?name=dee&since=0&epoch=another"))) {
                assertEquals(false, Json.object(back.awaitText(text -> text.contains("\"type\":\"welcome\""))).get("gap"));
                assertEquals(true, Json.object(lost.awaitText(text -> text.contains("\"type\":\"welcome\""))).get("gap"));
                assertEquals(whole + 1, Scrapes.value(server, RECOVERIES, "gap", "false"));
                assertEquals(gap + 1, Scrapes.value(server, RECOVERIES, "gap", "true"));
            }
        }
        Poll.until(WsClient.TIMEOUT, "the room and its members to be gone from the gauges", () ->
                Scrapes.value(server, "showcase_chat_rooms") == rooms
                        && Scrapes.value(server, "showcase_chat_members") == members ? true : null);
    }

    @Test
    void aPolicyCloseIsCountedWithItsCode(Target server) throws Exception {
        double before = Scrapes.value(server, CLOSED, "endpoint", "chat", "code", "1008");
        try (WsClient client = WsClient.connect(server.ws("chat/-not-a-room"))) {
            assertEquals(CloseCodes.VIOLATED_POLICY, client.awaitClose().getCloseCode());
        }
        Poll.until(WsClient.TIMEOUT, "the 1008 close to be counted",
                () -> Scrapes.value(server, CLOSED, "endpoint", "chat", "code", "1008") == before + 1 ? true : null);
    }

    @Test
    @NeedsServletContainer
    @NeedsSuiteSettings
    void aRefusedOriginIsCounted(Target server) throws Exception {
        double before = Scrapes.value(server, REFUSED, "reason", "origin");
        IOException refused = assertThrows(IOException.class,
                () -> RawWebSocket.connect(URI.create(server.ws("echo").toString()), 0, Map.of("Origin", "http://evil.example")).close());
        assertTrue(refused.getMessage().contains("403"), refused.getMessage());
        Poll.until(WsClient.TIMEOUT, "the refused Origin to be counted",
                () -> Scrapes.value(server, REFUSED, "reason", "origin") == before + 1 ? true : null);
    }

    /** The suite's servers believe one proxy, as the scrapes of a Prometheus behind one would be read. */
    @Test
    @NeedsServletContainer
    @NeedsSuiteSettings
    void aScrapeFromAnAddressNotAllowedGets403(Target server) throws Exception {
        HttpResponse<String> foreign = Scrapes.get(server, "api/metrics", Map.of("X-Forwarded-For", "203.0.113.7"));
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertTrue(!foreign.body().contains("showcase_"), foreign.body());
        HttpResponse<String> wrongToken = Scrapes.get(server, "api/metrics",
                Map.of("X-Forwarded-For", "203.0.113.7", "Authorization", "Bearer not-the-token"));
        assertEquals(403, wrongToken.statusCode(), wrongToken.body());

        HttpResponse<String> loopback = Scrapes.get(server, "api/metrics", Map.of());
        assertEquals(200, loopback.statusCode(), loopback.body());
        assertTrue(loopback.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), loopback.headers().toString());
        assertTrue(loopback.body().contains("# TYPE showcase_jvm_memory_used_bytes gauge"), "the JVM's basics are there");
        assertTrue(loopback.body().contains("showcase_jvm_threads_live_threads"), "the JVM's threads are there");
    }
}
