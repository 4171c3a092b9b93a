package dev.wsshowcase.chat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wsshowcase.codec.ErrorMessage;
import dev.wsshowcase.codec.JsonFields;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatCommandTest {

    private final Jsonb jsonb = JsonbBuilder.create();

    @AfterEach
    void close() throws Exception {
        jsonb.close();
    }

    @Test
    void aFrameNestedPastTheLimitIsMalformedJsonNamingTheLimit() {
        String frame = "{\"type\":\"message\",\"text\":" + "[".repeat(JsonFields.MAX_DEPTH) + "]".repeat(JsonFields.MAX_DEPTH) + "}";
        ChatCommand.Invalid invalid = assertInstanceOf(ChatCommand.Invalid.class, ChatCommand.parse(jsonb, frame, 16 * 1024));
        assertEquals(ErrorMessage.MALFORMED_JSON, invalid.error().code());
        assertEquals("JSON nested deeper than " + JsonFields.MAX_DEPTH + " levels", invalid.error().reason());
    }
}
