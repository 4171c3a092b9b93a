package dev.wsshowcase.testsupport;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.math.BigDecimal;
import java.util.Map;

/** Reads the server's JSON messages in tests. */
public final class Json {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private Json() {
    }

    /** The message as a map (numbers as {@link BigDecimal}); fails the test if it is not a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        Object value = JSONB.fromJson(text, Object.class);
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new AssertionError("Not a JSON object: " + text);
    }

    public static long number(Map<String, Object> message, String field) {
        Object value = message.get(field);
        if (value instanceof BigDecimal number) {
            return number.longValueExact();
        }
        throw new AssertionError("'" + field + "' is not a number in " + message);
    }

    public static String json(Object value) {
        return JSONB.toJson(value);
    }
}
