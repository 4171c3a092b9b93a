package dev.wsshowcase.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InvalidMessageTest {

    @Test
    void anExcerptIsAlwaysSendableText() throws CharacterCodingException {
        assertEquals("UTC\uFFFD\uFFFDx", InvalidMessage.excerpt("UTC\u0000\ud800x"));
        String cut = InvalidMessage.excerpt("a".repeat(63) + "\uD83D\uDE00\uD83D\uDE00");
        assertEquals("a".repeat(63) + "\uD83D\uDE00...", cut, "cut between code points, never inside a pair");
        StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(cut));
        assertEquals("short", InvalidMessage.excerpt("short"));
    }
}
