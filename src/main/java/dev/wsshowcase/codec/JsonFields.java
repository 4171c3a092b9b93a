package dev.wsshowcase.codec;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A client's JSON object message, read with JSON-B, and typed access to its fields that fails
 * with an {@link InvalidMessage} naming the field and what was expected.
 *
 * <p>Numbers are read as {@link BigDecimal} and range-checked before any conversion, so
 * values such as {@code 1e999999} are refused cheaply rather than expanded. Nesting is
 * limited to {@value #MAX_DEPTH} levels, checked by a scan of the text before it is parsed,
 * so a deeply nested message is refused the same way on every container, whatever its
 * threads' stack size.
 */
public final class JsonFields {

    /** The deepest nesting of arrays and objects accepted (the message's own object counts as 1); messages are flat objects. */
    public static final int MAX_DEPTH = 32;

    private final Map<String, Object> fields;

    private JsonFields(Map<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * Parses {@code text}, which must be one JSON object nested at most {@link #MAX_DEPTH}
     * levels deep.
     */
    @SuppressWarnings("unchecked")
    public static JsonFields parse(Jsonb jsonb, String text) throws InvalidMessage {
        if (nestedDeeperThan(text, MAX_DEPTH)) {
            throw new InvalidMessage(ErrorMessage.MALFORMED_JSON, null, "JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        Object value;
        try {
            value = jsonb.fromJson(text, Object.class);
        } catch (JsonbException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidMessage(ErrorMessage.MALFORMED_JSON, null, "message is not valid JSON");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidMessage(ErrorMessage.MALFORMED_JSON, null, "message must be a JSON object");
        }
        return new JsonFields((Map<String, Object>) map);
    }

    /**
     * Whether {@code text} opens more than {@code limit} arrays and objects inside one another,
     * counting brackets outside strings only; one pass, stopping at the first level too deep.
     * Malformed text that is not too deep is left for the parser to refuse.
     */
    private static boolean nestedDeeperThan(String text, int limit) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++; // the escaped character, which may be a quote or a backslash
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > limit) {
                    return true;
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return false;
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
