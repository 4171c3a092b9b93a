package dev.wsshowcase;

import static dev.wsshowcase.testsupport.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.codec.ErrorMessage;
import dev.wsshowcase.codec.JsonFields;
import dev.wsshowcase.handshake.HandshakeUriFilter;
import dev.wsshowcase.testsupport.NeedsServletContainer;
import dev.wsshowcase.testsupport.NeedsTomcat;
import dev.wsshowcase.testsupport.Poll;
import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.TomcatLogs;
import dev.wsshowcase.testsupport.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, one row per case, on every runtime: what a client sends, what it gets (an error
 * message with a code and the connection open, a close code, or for a malformed handshake URI
 * an HTTP status), and that a well-behaved client of the same endpoint (for the chat, of the
 * same room) loses nothing.
 *
 * <p>The handshake rows are skipped on the in-JVM Tyrus server: it has no servlet layer, where
 * {@link HandshakeUriFilter} runs (it accepts such a query, and drops a malformed path without
 * an answer).
 *
 * <p>A fault row follows: a member reset in the middle of a broadcast. Other rows live with
 * their endpoint: every bad command of the clock in ClockIT, the chat's rate limit and flood,
 * spoofed senders and nickname races in ChatIT, a member that never reads during 12 MB in
 * ChatLoadIT, undeploy and container stop with clients connected in TomcatUndeployIT and
 * PayaraStopIT.
 */
@ShowcaseIT
class BadInputMatrixIT {

    private static final int TEXT = RawWebSocket.TEXT;
    private static final int BINARY = RawWebSocket.BINARY;

    /** One frame a bad client sends. */
    private record Frame(int opcode, byte[] payload) {
        static Frame text(String text) {
            return new Frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * @param endpoint   echo, clock or chat
     * @param name       the nickname the bad client asks for (chat), or null
     * @param frames     what it sends after the handshake
     * @param raw        bytes sent as they are after the frames (a broken header), or null
     * @param errorCode  the error message expected, with the connection left open; or null
     * @param reason     the error's reason expected, or null for any
     * @param closeCodes the close codes accepted, when the connection must close
     * @param handshake  for a row whose handshake itself is bad, what it sends and gets; else null
     */
    private record Row(String endpoint, String name, List<Frame> frames, byte[] raw, String errorCode, String reason,
                       Set<Integer> closeCodes, Handshake handshake) {
        static Row error(String endpoint, String errorCode, Frame... frames) {
            return new Row(endpoint, null, List.of(frames), null, errorCode, null, Set.of(), null);
        }

        static Row tooDeep(String endpoint, Frame frame) {
            return new Row(endpoint, null, List.of(frame), null, ErrorMessage.MALFORMED_JSON,
                    "JSON nested deeper than " + JsonFields.MAX_DEPTH + " levels", Set.of(), null);
        }

        static Row close(String endpoint, Set<Integer> codes, Frame... frames) {
            return new Row(endpoint, null, List.of(frames), null, null, null, codes, null);
        }

        static Row nickname(String name) {
            return new Row("chat", name, List.of(), null, "invalid-name", null, Set.of(), null);
        }

        /** A malformed query: the application answers 400 with {@code reason} on every container. */
        static Row query(String endpoint, String query, String reason) {
            return new Row(endpoint, null, List.of(), null, null, null, Set.of(), new Handshake("?" + query, reason, Map.of()));
        }

        /**
         * A malformed path ({@code tail} right after the endpoint's path): 400, which most
         * containers answer themselves before the application sees the request, with a page of
         * their own; {@code reason} where the application answers, and where a container
         * answers otherwise, its status by runtime.
         */
        static Row path(String endpoint, String tail, String reason, Map<String, Integer> containerStatus) {
            return new Row(endpoint, null, List.of(), null, null, null, Set.of(), new Handshake(tail, reason, containerStatus));
        }
    }

    /**
     * @param tail            what follows the endpoint's path in the request line
     * @param reason          the text/plain body of the application's 400
     * @param containerStatus by runtime, the status of a container that answers before the
     *                        application; a runtime not listed gets the application's 400
     */
    private record Handshake(String tail, String reason, Map<String, Integer> containerStatus) {
    }

    /** Tomcat and Jetty answer a malformed path with 400 themselves; Payara with an empty 200 (README, "Malformed handshake URIs"). */
    private static final Map<String, Integer> PATH_ESCAPE = Map.of("tomcat11", 400, "tomcat10", 400, "jetty12", 400, "payara6", 200);
    private static final Map<String, Integer> PATH_CHARACTER = Map.of("tomcat11", 400, "tomcat10", 400, "jetty12", 400);
    private static final Set<String> CONTAINERS = Set.of("tomcat11", "tomcat10", "jetty12", "payara6");

    static Stream<Arguments> rows() {
        String deepNesting = "[".repeat(10_000);
        String pastTheLimit = "[".repeat(JsonFields.MAX_DEPTH) + "]".repeat(JsonFields.MAX_DEPTH);
        byte[] twoToThe63 = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        byte[] invalidUtf8 = {'a', (byte) 0xC3, 0x28};
        return Stream.of(
                Arguments.of("echo: invalid UTF-8 in a text frame", Row.close("echo", Set.of(1007), new Frame(TEXT, invalidUtf8))),
                Arguments.of("echo: a frame header claiming 2^63 bytes", new Row("echo", null, List.of(), twoToThe63, null, null, Set.of(1002, 1009), null)),
                Arguments.of("echo: a message over the limit", Row.close("echo", Set.of(1009), new Frame(BINARY, new byte[1024 * 1024 + 1]))),
                Arguments.of("clock: invalid UTF-8", Row.close("clock", Set.of(1007), new Frame(TEXT, invalidUtf8))),
                Arguments.of("clock: 10,000-deep JSON nesting", Row.close("clock", Set.of(1009), Frame.text(deepNesting))),
                Arguments.of("clock: JSON nested one level past the limit", Row.tooDeep("clock", Frame.text("{\"type\":\"settings\",\"interval\":" + pastTheLimit + "}"))),
                Arguments.of("clock: 1e999999 as the interval", Row.error("clock", "invalid-field", Frame.text("{\"type\":\"settings\",\"interval\":1e999999}"))),
                Arguments.of("clock: NUL and a lone surrogate as the zone", Row.error("clock", "invalid-field", Frame.text("{\"type\":\"settings\",\"zone\":\"UTC\\u0000\\ud800\"}"))),
                Arguments.of("clock: binary", Row.close("clock", Set.of(1003), new Frame(BINARY, new byte[] {1}))),
                Arguments.of("chat: invalid UTF-8", Row.close("chat", Set.of(1007), new Frame(TEXT, invalidUtf8))),
                Arguments.of("chat: 10,000-deep JSON nesting", Row.tooDeep("chat", Frame.text("{\"type\":\"message\",\"text\":" + deepNesting))),
                Arguments.of("chat: malformed JSON", Row.error("chat", "malformed-json", Frame.text("{\"type\":"))),
                Arguments.of("chat: unknown type", Row.error("chat", "unknown-type", Frame.text("{\"type\":\"shout\",\"text\":\"hi\"}"))),
                Arguments.of("chat: missing text", Row.error("chat", "missing-field", Frame.text("{\"type\":\"message\"}"))),
                Arguments.of("chat: a number as the text", Row.error("chat", "invalid-field", Frame.text("{\"type\":\"message\",\"text\":1e999999}"))),
                Arguments.of("chat: empty text", Row.error("chat", "empty-text", Frame.text("{\"type\":\"message\",\"text\":\"   \"}"))),
                Arguments.of("chat: NUL in the text", Row.error("chat", "invalid-field", Frame.text("{\"type\":\"message\",\"text\":\"a\\u0000b\"}"))),
                Arguments.of("chat: a lone surrogate in the text", Row.error("chat", "invalid-field", Frame.text("{\"type\":\"message\",\"text\":\"a\\ud800b\"}"))),
                Arguments.of("chat: a control character in the text", Row.error("chat", "invalid-field", Frame.text("{\"type\":\"message\",\"text\":\"bell\\u0007\"}"))),
                Arguments.of("chat: text over the length limit", Row.error("chat", "text-too-long", Frame.text("x".repeat(2001)))),
                Arguments.of("chat: a private message to nobody", Row.error("chat", "unknown-member", Frame.text("{\"type\":\"private\",\"to\":\"nobody\",\"text\":\"psst\"}"))),
                Arguments.of("chat: a frame over the limit", Row.close("chat", Set.of(1009), Frame.text("x".repeat(16 * 1024 + 1)))),
                Arguments.of("chat: binary", Row.close("chat", Set.of(1003), new Frame(BINARY, new byte[] {1}))),
                Arguments.of("chat nickname: bidi override", Row.nickname("evil\u202Egnp.exe")),
                Arguments.of("chat nickname: zero-width space", Row.nickname("ali\u200Bce")),
                Arguments.of("chat nickname: control character", Row.nickname("bell\u0007")),
                Arguments.of("chat nickname: NUL", Row.nickname("nul\u0000")),
                Arguments.of("chat nickname: markup", Row.nickname("<img src=x onerror=alert(1)>")));
    }

    /** Rows whose handshake itself is bad: answered by the servlet layer, which the in-JVM Tyrus server does not have. */
    static Stream<Arguments> handshakeRows() {
        return Stream.of(
                Arguments.of("echo handshake: an invalid escape in the query", Row.query("echo", "x=%ZZ", HandshakeUriFilter.INVALID_ESCAPE)),
                Arguments.of("clock handshake: an invalid escape in the query", Row.query("clock", "zone=%ZZ", HandshakeUriFilter.INVALID_ESCAPE)),
                Arguments.of("chat handshake: an invalid escape in the query", Row.query("chat", "name=%ZZ", HandshakeUriFilter.INVALID_ESCAPE)),
                Arguments.of("chat handshake: a lone % in the query", Row.query("chat", "since=1&name=50%", HandshakeUriFilter.INVALID_ESCAPE)),
                Arguments.of("chat handshake: escapes that are not UTF-8 in the query", Row.query("chat", "name=%C3%28", HandshakeUriFilter.INVALID_UTF8)),
                Arguments.of("echo handshake: an invalid escape in the path", Row.path("echo", "%ZZ", HandshakeUriFilter.INVALID_ESCAPE, PATH_ESCAPE)),
                Arguments.of("clock handshake: an invalid escape in the path", Row.path("clock", "%ZZ", HandshakeUriFilter.INVALID_ESCAPE, PATH_ESCAPE)),
                Arguments.of("chat handshake: an invalid escape in the path", Row.path("chat", "%ZZ", HandshakeUriFilter.INVALID_ESCAPE, PATH_ESCAPE)),
                Arguments.of("chat handshake: a character a URI cannot hold in the path", Row.path("chat", "[x]", HandshakeUriFilter.INVALID_CHARACTER, PATH_CHARACTER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void badInputGetsItsAnswerAndNobodyElseLosesAnything(String description, Row row, Target server) throws Exception {
        check(description, row, server);
    }

    @NeedsServletContainer
    @ParameterizedTest(name = "{0}")
    @MethodSource("handshakeRows")
    void aMalformedHandshakeGetsItsAnswerAndNobodyElseLosesAnything(String description, Row row, Target server) throws Exception {
        check(description, row, server);
    }

    private static void check(String description, Row row, Target server) throws Exception {
        String room = "m" + UUID.randomUUID().toString().substring(0, 8);
        String path = row.endpoint().equals("chat") ? "chat/" + room : row.endpoint();
        try (WsClient witness = WsClient.connect(URI.create(server.ws(path) + (row.endpoint().equals("chat") ? "?name=witness" : "")))) {
            if (row.endpoint().equals("chat")) {
                assertEquals("welcome", object(witness.awaitText()).get("type"));
            }
            if (row.handshake() != null) {
                assertRefusedHandshake(description, row.handshake(), server, path);
                witness.send(probe(row.endpoint(), "witness is fine"));
                witness.awaitText(text -> answers(row.endpoint(), "witness is fine", text));
                return;
            }
            String query = row.name() == null ? "" : "?name=" + URLEncoder.encode(row.name(), StandardCharsets.UTF_8);
            try (RawWebSocket bad = RawWebSocket.connect(URI.create(server.ws(path) + query))) {
                for (Frame frame : row.frames()) {
                    bad.sendFrame(frame.opcode(), true, frame.payload());
                }
                if (row.raw() != null) {
                    bad.sendRaw(row.raw());
                }
                if (row.errorCode() != null) {
                    Map<String, Object> error = awaitError(bad);
                    assertEquals(row.errorCode(), error.get("code"), description);
                    if (row.reason() != null) {
                        assertEquals(row.reason(), error.get("reason"), description);
                    }
                    bad.sendText(probe(row.endpoint(), "still here"));
                    awaitAnswer(bad, row.endpoint(), "still here");
                } else {
                    int code = awaitClose(bad);
                    assertTrue(row.closeCodes().contains(code), description + ": closed with " + code + ", expected " + row.closeCodes());
                }
            }
            witness.send(probe(row.endpoint(), "witness is fine"));
            witness.awaitText(text -> answers(row.endpoint(), "witness is fine", text));
        }
    }

    private static void assertRefusedHandshake(String description, Handshake handshake, Target server, String path) throws IOException {
        RawWebSocket.HttpAnswer answer = RawWebSocket.handshake(server.ws(""), server.ws(path).getRawPath() + handshake.tail());
        Integer containerStatus = handshake.containerStatus().get(server.runtime());
        assertEquals(containerStatus != null ? containerStatus : 400, answer.status(), description + ": " + answer);
        // Against a server by URL (-Premote) a malformed path may be answered by whatever is in front.
        boolean applicationAnswers = containerStatus == null
                && (handshake.tail().startsWith("?") || CONTAINERS.contains(server.runtime()));
        if (applicationAnswers) {
            assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("text/plain"), description + ": " + answer);
            assertEquals(handshake.reason() + "\n", answer.body(), description);
        }
    }

    /**
     * A flood of malformed handshakes costs the log one line a minute at most, and no stack
     * trace (before, Tomcat logged a SEVERE stack trace for each). Checked on Tomcat, whose log
     * files the suite can read; see the README for the other containers.
     */
    @NeedsTomcat
    @Test
    void aFloodOfMalformedHandshakesLeavesNoStackTraceAndAtMostOneLogLine(Target server) throws Exception {
        TomcatLogs logs = TomcatLogs.fromNow();
        assertNotNull(logs, "the Tomcat under test names its home (it.catalina.home), where its logs are");
        for (int i = 0; i < 50; i++) {
            assertEquals(400, RawWebSocket.handshake(server.ws(""), server.ws("echo").getRawPath() + "?n=" + i + "%ZZ").status());
        }
        // A refused Origin is logged at once; when its line is in the log, so is all that was logged before it.
        String marker = "http://log-" + UUID.randomUUID() + ".example";
        IOException refused = assertThrows(IOException.class, () -> RawWebSocket.connect(server.ws("echo"), 0, Map.of("Origin", marker)).close());
        assertTrue(refused.getMessage().contains(" 403"), refused.getMessage());
        List<String> lines = Poll.until(WsClient.TIMEOUT, "the refused Origin in Tomcat's log", () -> {
            List<String> written = logs.newLines();
            return written.stream().anyMatch(line -> line.contains(marker)) ? written : null;
        });
        List<String> traces = lines.stream().filter(line -> line.contains("URISyntaxException") || line.contains("Malformed escape")).toList();
        assertTrue(traces.isEmpty(), traces.size() + " lines of stack traces of malformed URIs, such as " + traces.stream().findFirst().orElse(""));
        assertTrue(lines.stream().filter(line -> line.contains("with HTTP 400: " + HandshakeUriFilter.INVALID_ESCAPE)).count() <= 1,
                "one line a minute at most: " + lines);
    }

    /** A member vanishes (TCP reset) while the room broadcasts: the others get every message, in order. */
    @Test
    void aMemberResetInTheMiddleOfABroadcastCostsTheOthersNothing(Target server) throws Exception {
        String room = "chat/r" + UUID.randomUUID().toString().substring(0, 8);
        int messages = 150;
        try (WsClient sender = WsClient.connect(URI.create(server.ws(room) + "?name=sender"));
             WsClient witness = WsClient.connect(URI.create(server.ws(room) + "?name=witness"))) {
            witness.awaitText(text -> text.contains("\"type\":\"welcome\""));
            RawWebSocket ghost = RawWebSocket.connect(URI.create(server.ws(room) + "?name=ghost"));
            witness.awaitText(text -> text.contains("\"type\":\"join\"") && text.contains("ghost"));
            for (int i = 0; i < messages; i++) {
                sender.send("m" + i);
                if (i == messages / 3) {
                    ghost.reset();
                }
            }
            boolean ghostLeft = false;
            for (int next = 0; next < messages || !ghostLeft; ) {
                // The leave may wait for the keepalive where the container buffers for the dead peer (Payara).
                Map<String, Object> event = object(witness.awaitText(Duration.ofSeconds(60)));
                if ("message".equals(event.get("type"))) {
                    assertEquals("m" + next, event.get("text"), "the witness gets every message, in order");
                    next++;
                } else if ("leave".equals(event.get("type"))) {
                    assertEquals("ghost", event.get("name"));
                    ghostLeft = true;
                }
            }
        }
    }

    /** A well-formed message for the endpoint (carrying {@code marker} where it can), answered by {@link #answers}. */
    private static String probe(String endpoint, String marker) {
        return endpoint.equals("clock") ? "{\"type\":\"sync\",\"clientTime\":1}" : marker;
    }

    private static boolean answers(String endpoint, String marker, String text) {
        return switch (endpoint) {
            case "clock" -> text.contains("\"type\":\"sync\"");
            case "chat" -> text.contains("\"type\":\"message\"") && text.contains("\"text\":\"" + marker + "\"");
            default -> text.equals(marker);
        };
    }

    /** Waits for the answer to {@link #probe}: the connection still works. */
    private static void awaitAnswer(RawWebSocket client, String endpoint, String marker) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = client.readFrame();
            if (frame.opcode() == RawWebSocket.CLOSE) {
                throw new AssertionError("closed with " + frame.closeCode() + " " + frame.closeReason() + "; the connection should stay open");
            }
            if (frame.opcode() == TEXT && answers(endpoint, marker, frame.text())) {
                return;
            }
        }
    }

    /** The next error message, skipping other frames; fails on a close. */
    private static Map<String, Object> awaitError(RawWebSocket client) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = client.readFrame();
            if (frame.opcode() == RawWebSocket.CLOSE) {
                throw new AssertionError("closed with " + frame.closeCode() + " " + frame.closeReason() + " instead of an error message");
            }
            if (frame.opcode() == TEXT) {
                Map<String, Object> message = object(frame.text());
                if ("error".equals(message.get("type"))) {
                    return message;
                }
            }
        }
    }

    /** The close code the server sends, skipping other frames; -1 if the connection ends without one. */
    private static int awaitClose(RawWebSocket client) throws IOException {
        try {
            while (true) {
                RawWebSocket.Frame frame = client.readFrame();
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    return frame.closeCode();
                }
            }
        } catch (java.io.EOFException | java.net.SocketException e) {
            return -1;
        }
    }

}
