package dev.wsshowcase.clock;

import static dev.wsshowcase.testsupport.Json.number;
import static dev.wsshowcase.testsupport.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.WsClient;
import jakarta.websocket.CloseReason.CloseCodes;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The clock endpoint's contract, on every runtime of the suite. */
@ShowcaseIT
class ClockIT {

    /** How late a tick may arrive after the second it stands for, on a loaded 2-core machine. */
    private static final long LATENESS_TOLERANCE_MILLIS = 900;

    @Test
    void ticksComeEverySecondAtTheWholeSecondInUtcByDefault(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("clock"))) {
            assertSettings(client, 1, "UTC");
            Map<String, Object> previous = awaitTick(client);
            for (int i = 0; i < 3; i++) {
                Map<String, Object> tick = awaitTick(client);
                long received = System.currentTimeMillis();
                long epochMillis = number(tick, "epochMillis");
                assertEquals(0, epochMillis % 1000, "aligned to the second: " + tick);
                assertEquals(number(previous, "epochMillis") + 1000, epochMillis, "one second apart");
                assertEquals(number(previous, "seq") + 1, number(tick, "seq"));
                assertEquals(epochMillis / 1000, number(tick, "seq"));
                assertEquals("UTC", tick.get("zone"));
                assertEquals(Instant.ofEpochMilli(epochMillis), OffsetDateTime.parse((String) tick.get("time")).toInstant());
                assertTrue(received >= epochMillis && received - epochMillis < LATENESS_TOLERANCE_MILLIS,
                        "tick of " + epochMillis + " received at " + received);
                previous = tick;
            }
        }
    }

    @Test
    void intervalAndZoneFromTheQuery(Target server) throws Exception {
        try (WsClient client = WsClient.connect(URI.create(server.ws("clock") + "?interval=2&zone=Asia/Shanghai"))) {
            assertSettings(client, 2, "Asia/Shanghai");
            Map<String, Object> first = awaitTick(client);
            Map<String, Object> second = awaitTick(client);
            assertEquals(0, number(first, "epochMillis") % 2000);
            assertEquals(number(first, "epochMillis") + 2000, number(second, "epochMillis"));
            assertEquals(number(first, "seq") + 1, number(second, "seq"));
            String time = (String) second.get("time");
            assertTrue(time.endsWith("+08:00"), time);
            assertEquals(Instant.ofEpochMilli(number(second, "epochMillis")), OffsetDateTime.parse(time).toInstant());
            assertEquals("Asia/Shanghai", second.get("zone"));
        }
    }

    @Test
    void settingsChangeByMessage(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("clock"))) {
            assertSettings(client, 1, "UTC");
            client.send("{\"type\":\"settings\",\"interval\":3,\"zone\":\"America/New_York\"}");
            assertSettings(client, 3, "America/New_York");
            Map<String, Object> tick = awaitTick(client, "America/New_York");
            assertEquals(0, number(tick, "epochMillis") % 3000);
            Map<String, Object> next = awaitTick(client);
            assertEquals(number(tick, "epochMillis") + 3000, number(next, "epochMillis"));
            client.send("{\"type\":\"settings\",\"zone\":\"Europe/Paris\"}");
            assertSettings(client, 3, "Europe/Paris");
        }
    }

    @ParameterizedTest(name = "interval {0}")
    @ValueSource(strings = {"0", "3601", "-1", "1.5", "\"2\"", "1e999999", "true", "null99"})
    void badIntervalsAreRefusedAndNothingChanges(String interval, Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("clock"))) {
            assertSettings(client, 1, "UTC");
            client.send("{\"type\":\"settings\",\"interval\":" + interval + ",\"zone\":\"Asia/Tokyo\"}");
            Map<String, Object> error = awaitType(client, "error");
            if (interval.equals("null99")) {
                assertEquals("malformed-json", error.get("code"));
            } else {
                assertEquals("invalid-field", error.get("code"));
                assertEquals("interval", error.get("field"));
                assertTrue(((String) error.get("reason")).contains("3600"), error.toString());
            }
            client.send("{\"type\":\"settings\"}");
            assertSettings(client, 1, "UTC");
            assertEquals("UTC", awaitTick(client).get("zone"));
        }
    }

    @ParameterizedTest(name = "zone {0}")
    @ValueSource(strings = {"Mars/Olympus_Mons", "", "+25:00", "../../etc/passwd"})
    void badZonesAreRefusedAndNothingChanges(String zone, Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("clock"))) {
            assertSettings(client, 1, "UTC");
            client.send("{\"type\":\"settings\",\"interval\":5,\"zone\":\"" + zone + "\"}");
            Map<String, Object> error = awaitType(client, "error");
            assertEquals("zone", error.get("field"));
            assertEquals("invalid-field", error.get("code"));
            client.send("{\"type\":\"settings\"}");
            assertSettings(client, 1, "UTC");
        }
    }

    @Test
    void badQueryValuesAreReportedAndDefaultsApply(Target server) throws Exception {
        try (WsClient client = WsClient.connect(URI.create(server.ws("clock") + "?interval=soon&zone=Nowhere"))) {
            Map<String, Object> first = awaitType(client, "error");
            Map<String, Object> second = awaitType(client, "error");
            assertEquals(List.of("interval", "zone"), List.of(first.get("field"), second.get("field")));
            assertSettings(client, 1, "UTC");
            assertEquals("UTC", awaitTick(client).get("zone"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{", "not json", "[1,2]", "\"text\"", "null", "{}", "{\"type\":5}", "{\"type\":\"dance\"}",
        "{\"type\":\"sync\"}", "{\"type\":\"sync\",\"clientTime\":\"now\"}"})
    void garbageGetsAnErrorAndTheConnectionStaysOpen(String message, Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("clock"))) {
            assertSettings(client, 1, "UTC");
            client.send(message);
            Map<String, Object> error = awaitType(client, "error");
            assertTrue(List.of("malformed-json", "missing-field", "invalid-field", "unknown-type").contains(error.get("code")),
                    error.toString());
            assertTrue(client.isOpen());
            client.send("{\"type\":\"sync\",\"clientTime\":1}");
            assertEquals(1L, number(awaitType(client, "sync"), "clientTime"));
        }
    }

    @Test
    void binaryClosesWith1003(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("clock"))) {
            client.send(new byte[] {1, 2, 3});
            assertEquals(CloseCodes.CANNOT_ACCEPT, client.awaitClose().getCloseCode());
        }
    }

    @Test
    void anOversizeCommandClosesWith1009(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("clock"))) {
            client.send("{\"type\":\"sync\",\"pad\":\"" + "x".repeat(ClockEndpoint.MAX_COMMAND_BYTES) + "\"}");
            assertEquals(CloseCodes.TOO_BIG, client.awaitClose().getCloseCode());
        }
    }

    @Test
    void syncRepliesCarryTheServerTimesForAnNtpStyleOffset(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("clock"))) {
            long t0 = System.currentTimeMillis();
            client.send("{\"type\":\"sync\",\"clientTime\":" + t0 + "}");
            Map<String, Object> reply = awaitType(client, "sync");
            long t3 = System.currentTimeMillis();
            long t1 = number(reply, "serverReceived");
            long t2 = number(reply, "serverSent");
            assertEquals(t0, number(reply, "clientTime"));
            assertTrue(t0 <= t1 && t1 <= t2 && t2 <= t3, List.of(t0, t1, t2, t3).toString());
            // Same machine, same clock: the NTP offset is zero within the round trip.
            long offset = ((t1 - t0) + (t2 - t3)) / 2;
            assertTrue(Math.abs(offset) <= t3 - t0, "offset " + offset);
        }
    }

    @Test
    void aClientThatNeverReadsDoesNotDelayTheOthers(Target server) throws Exception {
        try (RawWebSocket stalled = RawWebSocket.connect(URI.create(server.ws("clock") + "?interval=1"), 1024, Map.of());
             WsClient client = WsClient.connect(server.ws("clock"))) {
            // The stalled client also asks for replies it will never read.
            for (int i = 0; i < 200; i++) {
                stalled.sendText("{\"type\":\"sync\",\"clientTime\":" + i + "}");
            }
            assertSettings(client, 1, "UTC");
            Map<String, Object> previous = awaitTick(client);
            for (int i = 0; i < 3; i++) {
                Map<String, Object> tick = awaitTick(client);
                long received = System.currentTimeMillis();
                assertEquals(number(previous, "seq") + 1, number(tick, "seq"), "no tick missed");
                assertTrue(received - number(tick, "epochMillis") < LATENESS_TOLERANCE_MILLIS, "on time");
                previous = tick;
            }
        }
    }

    @Test
    void manyClientsShareTheTickOfTheirGroup(Target server) throws Exception {
        int count = 20;
        WsClient[] clients = new WsClient[count];
        try {
            for (int i = 0; i < count; i++) {
                clients[i] = WsClient.connect(URI.create(server.ws("clock") + (i % 2 == 0 ? "?zone=Europe/Berlin" : "")));
                awaitType(clients[i], "settings");
            }
            // Every client is subscribed for the tick after the latest first tick any of them saw.
            long target = 0;
            for (WsClient client : clients) {
                target = Math.max(target, number(awaitTick(client), "seq") + 1);
            }
            for (int i = 0; i < count; i++) {
                long seq = target;
                Map<String, Object> tick = object(clients[i].awaitText(text -> {
                    Map<String, Object> message = object(text);
                    return "tick".equals(message.get("type")) && number(message, "seq") >= seq;
                }));
                assertEquals(target, number(tick, "seq"), "client " + i + " got the shared tick");
                assertEquals(target * 1000, number(tick, "epochMillis"));
                assertEquals(i % 2 == 0 ? "Europe/Berlin" : "UTC", tick.get("zone"));
            }
        } finally {
            for (WsClient client : clients) {
                if (client != null) {
                    client.close();
                }
            }
        }
    }

    private static void assertSettings(WsClient client, int interval, String zone) {
        Map<String, Object> settings = awaitType(client, "settings");
        assertEquals(interval, number(settings, "interval"), settings.toString());
        assertEquals(zone, settings.get("zone"), settings.toString());
    }

    private static Map<String, Object> awaitTick(WsClient client) {
        return awaitType(client, "tick");
    }

    private static Map<String, Object> awaitTick(WsClient client, String zone) {
        return object(client.awaitText(text -> {
            Map<String, Object> message = object(text);
            return "tick".equals(message.get("type")) && zone.equals(message.get("zone"));
        }));
    }

    private static Map<String, Object> awaitType(WsClient client, String type) {
        return object(client.awaitText(text -> type.equals(object(text).get("type"))));
    }
}
