package dev.wsshowcase.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.WsClient;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The echo endpoint's contract, on every runtime of the suite. */
@ShowcaseIT
class EchoIT {

    /** The deployed default; every runtime of the suite runs with defaults. */
    private static final int LIMIT = Integer.parseInt(EchoSettings.MAX_MESSAGE_BYTES.defaultText());

    @Test
    void textComesBackAsTextAndBinaryAsBinaryInOrder(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            client.send("first");
            client.send(new byte[] {1, 2, 3});
            client.send("third");
            assertEquals("first", client.awaitText());
            assertArrayEquals(new byte[] {1, 2, 3}, client.awaitBinary());
            assertEquals("third", client.awaitText());
        }
    }

    @Test
    void multiByteTextIsEchoedUnchanged(Target server) throws Exception {
        String text = "你好, WebSocket \uD83C\uDF0D ünïcödé \u0000 end";
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            client.send(text);
            assertEquals(text, client.awaitText());
        }
    }

    /** Frame length encodings change at 126 (16-bit length) and 65536 (64-bit length) bytes. */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 65537, 1024 * 1024})
    void messagesAtFrameSizeBoundariesComeBackWhole(int size, Target server) throws Exception {
        byte[] data = randomBytes(size);
        String text = asciiText(size);
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            client.send(data);
            client.send(text);
            assertArrayEquals(data, client.awaitBinary());
            assertEquals(text, client.awaitText());
        }
    }

    @Test
    void fragmentedMessagesComeBackWhole(Target server) throws Exception {
        byte[] a = randomBytes(70_000);
        byte[] b = randomBytes(3);
        byte[] c = randomBytes(10_000);
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            client.sendFragmented("Hello, ", "frag", "mented \u4E16\u754C");
            client.sendFragmented(a, b, c);
            assertEquals("Hello, fragmented \u4E16\u754C", client.awaitText());
            byte[] expected = new byte[a.length + b.length + c.length];
            System.arraycopy(a, 0, expected, 0, a.length);
            System.arraycopy(b, 0, expected, a.length, b.length);
            System.arraycopy(c, 0, expected, a.length + b.length, c.length);
            assertArrayEquals(expected, client.awaitBinary());
        }
    }

    @Test
    void messagesExactlyAtTheLimitAreEchoed(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            byte[] data = randomBytes(LIMIT);
            client.send(data);
            assertArrayEquals(data, client.awaitBinary());
            // Text is limited in UTF-8 bytes: three-byte characters filling the limit exactly.
            String text = "\u4E16".repeat(LIMIT / 3) + "x".repeat(LIMIT % 3);
            client.send(text);
            assertEquals(text, client.awaitText());
        }
    }

    @Test
    void binaryOverTheLimitClosesWith1009(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            client.send(new byte[LIMIT + 1]);
            assertEquals(CloseCodes.TOO_BIG, client.awaitClose().getCloseCode());
        }
    }

    @Test
    void textOverTheLimitClosesWith1009(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            client.send("\u4E16".repeat(LIMIT / 3 + 1));
            CloseReason reason = client.awaitClose();
            assertEquals(CloseCodes.TOO_BIG, reason.getCloseCode());
            assertTrue(reason.getReasonPhrase().contains(Integer.toString(LIMIT)), reason.getReasonPhrase());
        }
    }

    @Test
    void fragmentsAddingUpOverTheLimitCloseWith1009(Target server) throws Exception {
        byte[] half = new byte[LIMIT / 2 + 1];
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            client.sendFragmented(half, half);
            assertEquals(CloseCodes.TOO_BIG, client.awaitClose().getCloseCode());
        }
    }

    @Test
    void repliesQueuedBeforeAnOversizeMessageAreStillDelivered(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            client.send("before");
            client.send(new byte[LIMIT + 1]);
            assertEquals("before", client.awaitText());
            assertEquals(CloseCodes.TOO_BIG, client.awaitClose().getCloseCode());
        }
    }

    @Test
    void aLongInterleavedStreamKeepsItsOrder(Target server) throws Exception {
        int count = 2000;
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            for (int i = 0; i < count; i++) {
                if (i % 2 == 0) {
                    client.send("message " + i);
                } else {
                    client.send(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
                }
            }
            for (int i = 0; i < count; i++) {
                if (i % 2 == 0) {
                    assertEquals("message " + i, client.awaitText());
                } else {
                    assertEquals(Integer.toString(i), new String(client.awaitBinary(), StandardCharsets.US_ASCII));
                }
            }
        }
    }

    @Test
    void pingsAreAnsweredWithTheirPayload(Target server) throws Exception {
        try (WsClient client = WsClient.connect(server.ws("echo"))) {
            byte[] payload = "are you there?".getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(payload, client.ping(payload));
            client.send("still echoing");
            assertEquals("still echoing", client.awaitText());
        }
    }

    @Test
    void connectionsAreIndependent(Target server) throws Exception {
        try (WsClient one = WsClient.connect(server.ws("echo"));
             WsClient two = WsClient.connect(server.ws("echo"))) {
            one.send("for one");
            two.send("for two");
            assertEquals("for two", two.awaitText());
            assertEquals("for one", one.awaitText());
            two.send(new byte[LIMIT + 1]);
            assertEquals(CloseCodes.TOO_BIG, two.awaitClose().getCloseCode());
            one.send("one is unaffected");
            assertEquals("one is unaffected", one.awaitText());
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static String asciiText(int size) {
        char[] chars = new char[size];
        Arrays.fill(chars, 'e');
        for (int i = 0; i < size; i += 97) {
            chars[i] = (char) ('a' + i % 26);
        }
        return new String(chars);
    }
}
