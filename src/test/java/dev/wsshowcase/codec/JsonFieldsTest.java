package dev.wsshowcase.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The nesting limit, checked before parsing so that it is the same whatever the thread's stack. */
class JsonFieldsTest {

    private static final String TOO_DEEP = "JSON nested deeper than " + JsonFields.MAX_DEPTH + " levels";

    private final Jsonb jsonb = JsonbBuilder.create();

    @AfterEach
    void close() throws Exception {
        jsonb.close();
    }

    /** A message whose field {@code a} holds arrays nested so that the whole is {@code depth} levels deep. */
    private static String nested(int depth) {
        return "{\"type\":\"t\",\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    @Test
    void nestingAtTheLimitIsParsed() throws InvalidMessage {
        assertEquals(32, JsonFields.MAX_DEPTH, "the limit README states");
        assertEquals("t", JsonFields.parse(jsonb, nested(JsonFields.MAX_DEPTH)).type());
    }

    @Test
    void oneLevelMoreIsMalformedAndTheReasonNamesTheLimit() {
        assertTooDeep(nested(JsonFields.MAX_DEPTH + 1));
        assertTooDeep("{\"type\":\"t\",\"a\":" + "{\"b\":".repeat(JsonFields.MAX_DEPTH) + "1" + "}".repeat(JsonFields.MAX_DEPTH) + "}");
    }

    @Test
    void bracketsInsideStringsDoNotCount() throws InvalidMessage {
        String text = "[{".repeat(100) + "}]".repeat(100);
        assertEquals(text, JsonFields.parse(jsonb, "{\"type\":\"t\",\"text\":\"" + text + "\"}").requiredString("text"));
    }

    @Test
    void anEscapedQuoteDoesNotEndTheStringAndAnEscapedBackslashDoes() throws InvalidMessage {
        String inside = "say \\\"" + "[".repeat(100) + "\\\" and \\\\ too";
        assertEquals("say \"" + "[".repeat(100) + "\" and \\ too",
                JsonFields.parse(jsonb, "{\"type\":\"t\",\"text\":\"" + inside + "\"}").requiredString("text"));
        // After "\\" the next quote ends the string: the brackets that follow are nesting.
        assertTooDeep("{\"type\":\"t\",\"text\":\"a\\\\\",\"a\":" + "[".repeat(JsonFields.MAX_DEPTH) + "]".repeat(JsonFields.MAX_DEPTH) + "}");
    }

    @Test
    void aHundredThousandLevelsAreRefusedQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertTooDeep("[".repeat(100_000));
            assertTooDeep("{\"type\":\"message\",\"text\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        });
    }

    private void assertTooDeep(String text) {
        InvalidMessage refused = assertThrows(InvalidMessage.class, () -> JsonFields.parse(jsonb, text));
        assertEquals(ErrorMessage.MALFORMED_JSON, refused.code());
        assertEquals(TOO_DEEP, refused.reason());
    }
}
