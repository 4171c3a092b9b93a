package dev.wsshowcase.shared.codec;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A client's JSON object message, read with JSON-B, and typed access to its fields that fails
 * with an {@link InvalidMessage} naming the field and what was expected.
 *
 * <p>Numbers are read as {@link BigDecimal} and range-checked before any conversion, so
 * values such as {@code 1e999999} are refused cheaply rather than expanded.
 */
public final class JsonFields {

    private final Map<String, Object> fields;

    private JsonFields(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** Parses {@code text}, which must be one JSON object. */
    @SuppressWarnings("unchecked")
    public static JsonFields parse(Jsonb jsonb, String text) throws InvalidMessage {
        Object value;
        try {
            value = jsonb.fromJson(text, Object.class);
        } catch (JsonbException | IllegalArgumentException | IllegalStateException | StackOverflowError e) {
            throw new InvalidMessage(ErrorMessage.MALFORMED_JSON, null, "message is not valid JSON");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidMessage(ErrorMessage.MALFORMED_JSON, null, "message must be a JSON object");
        }
        return new JsonFields((Map<String, Object>) map);
    }

    /** The message's {@code type}, which must be a string. */
    public String type() throws InvalidMessage {
        return requiredString("type");
    }

    public boolean has(String name) {
        return fields.containsKey(name) && fields.get(name) != null;
    }

    public String requiredString(String name) throws InvalidMessage {
        if (!has(name)) {
            throw new InvalidMessage(ErrorMessage.MISSING_FIELD, name, "'" + name + "' is required");
        }
        if (!(fields.get(name) instanceof String value)) {
            throw new InvalidMessage(ErrorMessage.INVALID_FIELD, name, "'" + name + "' must be a string");
        }
        return value;
    }

    /** A whole number in {@code [min, max]}. */
    public long requiredLong(String name, long min, long max) throws InvalidMessage {
        if (!has(name)) {
            throw new InvalidMessage(ErrorMessage.MISSING_FIELD, name, "'" + name + "' is required");
        }
        String expected = "'" + name + "' must be a whole number from " + min + " to " + max;
        if (!(fields.get(name) instanceof BigDecimal number)) {
            throw new InvalidMessage(ErrorMessage.INVALID_FIELD, name, expected);
        }
        // precision - scale bounds the number of integer digits: checked before any expansion.
        if (number.precision() - number.scale() > 19 || number.stripTrailingZeros().scale() > 0) {
            throw new InvalidMessage(ErrorMessage.INVALID_FIELD, name, expected);
        }
        long value;
        try {
            value = number.longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidMessage(ErrorMessage.INVALID_FIELD, name, expected);
        }
        if (value < min || value > max) {
            throw new InvalidMessage(ErrorMessage.INVALID_FIELD, name, expected);
        }
        return value;
    }
}
