package dev.wsshowcase.liveness;

import static dev.wsshowcase.testsupport.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.application.ApplicationSettings;
import dev.wsshowcase.application.Setting;
import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The keepalive on every endpoint: quiet clients are pinged, clients that answer stay, clients
 * that stop answering are closed with 1001, and a chat member that vanished leaves the room
 * even when nobody talks.
 *
 * <p>The server under test runs with the keepalive times the build passes as system properties
 * of the same names (short ones, so that the suite is quick); without them, the defaults.
 */
@ShowcaseIT
class KeepaliveIT {

    private static final Duration INTERVAL = configured(ApplicationSettings.KEEPALIVE_INTERVAL_MILLIS);
    private static final Duration TIMEOUT = configured(ApplicationSettings.KEEPALIVE_TIMEOUT_MILLIS);
    /** Time allowed, beyond interval and timeout, for checks, scheduling and a busy machine. */
    private static final Duration SLACK = Duration.ofSeconds(15);

    private static Duration configured(Setting<Integer> setting) {
        return Duration.ofMillis(Long.parseLong(System.getProperty(setting.name(), setting.defaultText())));
    }

    private static String path(String endpoint) {
        return endpoint.equals("chat") ? "chat/k" + UUID.randomUUID().toString().substring(0, 8) : endpoint;
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "clock", "chat"})
    void aClientThatStopsAnsweringPingsIsClosedWith1001(String endpoint, Target server) throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(server.ws(path(endpoint)))) {
            client.timeout(INTERVAL.plus(TIMEOUT).plus(SLACK));
            int pings = 0;
            RawWebSocket.Frame frame;
            while ((frame = client.readAnyFrame()).opcode() != RawWebSocket.CLOSE) {
                if (frame.opcode() == RawWebSocket.PING) {
                    pings++;
                }
            }
            assertEquals(1, pings, "one ping, then the close");
            assertEquals(1001, frame.closeCode());
            assertEquals("no answer to ping within " + TIMEOUT.toMillis() + " ms", frame.closeReason());
        }
    }

    /** A client that answers is kept past the time a silent one is closed, and still works. */
    @ParameterizedTest
    @ValueSource(strings = {"echo", "clock", "chat"})
    void aClientThatAnswersPingsStaysConnected(String endpoint, Target server) throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(server.ws(path(endpoint)))) {
            client.timeout(INTERVAL.plus(SLACK));
            long firstPing = 0;
            while (true) {
                RawWebSocket.Frame frame = client.readAnyFrame();
                assertTrue(frame.opcode() != RawWebSocket.CLOSE, () -> "closed: " + frame.closeCode() + " " + frame.closeReason());
                if (frame.opcode() == RawWebSocket.PING) {
                    client.sendFrame(RawWebSocket.PONG, true, frame.payload());
                    if (firstPing == 0) {
                        firstPing = System.nanoTime();
                    } else if (System.nanoTime() - firstPing > INTERVAL.plus(TIMEOUT).toNanos()) {
                        break;
                    }
                }
            }
            // Every endpoint answers a text (echo: the same text; clock: an error, it takes JSON; chat: the message event).
            client.sendText("still here");
            RawWebSocket.Frame reply = client.readFrame();
            assertEquals(RawWebSocket.TEXT, reply.opcode(), "the connection still works");
        }
    }

    @Test
    void aChatMemberThatVanishesLeavesTheRoomWhileNobodyTalks(Target server) throws Exception {
        String room = path("chat");
        try (WsClient alice = WsClient.connect(URI.create(server.ws(room) + "?name=alice"))) {
            assertEquals("welcome", type(alice.awaitText()));
            RawWebSocket ghost = RawWebSocket.connect(URI.create(server.ws(room) + "?name=ghost"));
            Map<String, Object> join = object(alice.awaitText());
            assertEquals(List.of("join", "ghost"), List.of(join.get("type"), join.get("name")));
            ghost.reset();
            Map<String, Object> leave = object(alice.awaitText(INTERVAL.plus(TIMEOUT).plus(SLACK)));
            assertEquals(List.of("leave", "ghost"), List.of(leave.get("type"), leave.get("name")));
        }
    }

    private static Object type(String event) {
        return object(event).get("type");
    }
}
