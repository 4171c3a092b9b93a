package dev.wsshowcase.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.codec.InvalidMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @Test
    void roomPathParametersAreDecodedOnceWhenTheContainerDidNot() {
        assertEquals("大厅", Names.decodeRoom("%E5%A4%A7%E5%8E%85"));
        assertEquals("大厅", Names.decodeRoom("大厅"));
        assertEquals("lobby", Names.decodeRoom("lobby"));
        assertFalse(Names.isValidRoom(Names.decodeRoom("has%20space")));
        assertFalse(Names.isValidRoom(Names.decodeRoom("a+b%20")));
    }

    @Test
    void nicknamesAreTheSameIgnoringCaseAndWidth() throws InvalidMessage {
        assertEquals(Names.key("Alice"), Names.key("ALICE"));
        assertEquals(Names.key("Alice"), Names.key(Names.nickname("Ａｌｉｃｅ", "name")));
        assertEquals("小明", Names.nickname("小明", "name"));
        assertEquals("José Ñ", Names.nickname("Jose\u0301 Ñ", "name"), "NFC normalized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " alice", "alice ", "a  b", "a\u202Eb", "zero\u200Bwidth", "tab\tname", "nul\u0000", "<img>",
        "a-name-that-is-much-too-long-for-this"})
    void badNicknamesAreRefused(String name) {
        InvalidMessage e = assertThrows(InvalidMessage.class, () -> Names.nickname(name, "name"));
        assertEquals("invalid-name", e.code());
        assertEquals("name", e.field());
    }

    @Test
    void textsMustBeVisibleAndWithinTheLimit() throws InvalidMessage {
        assertEquals("multi\nline\ttext", Names.text("multi\nline\ttext", "text", 100));
        assertEquals("emoji \uD83C\uDF0D", Names.text("emoji \uD83C\uDF0D", "text", 7));
        assertEquals("empty-text", assertThrows(InvalidMessage.class, () -> Names.text(" \n", "text", 10)).code());
        assertEquals("text-too-long", assertThrows(InvalidMessage.class, () -> Names.text("x".repeat(11), "text", 10)).code());
        assertEquals("invalid-field", assertThrows(InvalidMessage.class, () -> Names.text("bell\u0007", "text", 10)).code());
        assertEquals("invalid-field", assertThrows(InvalidMessage.class, () -> Names.text("lone \uD800", "text", 10)).code());
        assertTrue(Names.isValidRoom("team-7"));
    }
}
