package dev.wsshowcase.clock.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wsshowcase.codec.ErrorMessage;
import dev.wsshowcase.codec.InvalidMessage;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Decoding the clock's commands: each valid form, and the precise error for each invalid one. */
class ClockCommandTest {

    private final Jsonb jsonb = JsonbBuilder.create();

    @AfterEach
    void close() throws Exception {
        jsonb.close();
    }

    @Test
    void settingsTakeEitherFieldOrBothOrNeither() {
        assertEquals(new ClockCommand.ChangeSettings(5, "Asia/Shanghai"),
                ClockCommand.parse(jsonb, "{\"type\":\"settings\",\"interval\":5,\"zone\":\"Asia/Shanghai\"}"));
        assertEquals(new ClockCommand.ChangeSettings(60, null), ClockCommand.parse(jsonb, "{\"type\":\"settings\",\"interval\":60}"));
        assertEquals(new ClockCommand.ChangeSettings(null, "UTC"), ClockCommand.parse(jsonb, "{\"type\":\"settings\",\"zone\":\"UTC\"}"));
        assertEquals(new ClockCommand.ChangeSettings(null, null), ClockCommand.parse(jsonb, "{\"type\":\"settings\"}"));
    }

    @Test
    void syncCarriesTheClientsClock() {
        assertEquals(new ClockCommand.Sync(1_795_315_200_123L),
                ClockCommand.parse(jsonb, "{\"type\":\"sync\",\"clientTime\":1795315200123}"));
    }

    @Test
    void badInputDecodesToAnErrorNamingTheFieldAndTheReason() {
        assertError("{\"type\":\"settings\",\"interval\":0}", ErrorMessage.INVALID_FIELD, "interval",
                "'interval' must be a whole number from 1 to 3600");
        assertError("{\"type\":\"settings\",\"interval\":1e999999}", ErrorMessage.INVALID_FIELD, "interval",
                "'interval' must be a whole number from 1 to 3600");
        assertError("{\"type\":\"settings\",\"zone\":7}", ErrorMessage.INVALID_FIELD, "zone", "'zone' must be a string");
        assertError("{\"type\":\"sync\"}", ErrorMessage.MISSING_FIELD, "clientTime", "'clientTime' is required");
        assertError("{\"type\":\"dance\"}", ErrorMessage.UNKNOWN_TYPE, "type",
                "unknown message type 'dance'; expected 'settings' or 'sync'");
        assertError("{", ErrorMessage.MALFORMED_JSON, null, "message is not valid JSON");
    }

    private void assertError(String text, String code, String field, String reason) {
        InvalidMessage error = assertInstanceOf(ClockCommand.Invalid.class, ClockCommand.parse(jsonb, text)).error();
        assertEquals(code, error.code(), text);
        assertEquals(field, error.field(), text);
        assertEquals(reason, error.reason(), text);
    }
}
