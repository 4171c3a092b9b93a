package dev.wsshowcase.codec;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * {@code {"type":"error","code":"invalid-field","field":"zone","reason":"..."}}: what every
 * endpoint answers to a message it cannot accept. {@code field} is absent when the message
 * as a whole is wrong.
 */
@JsonbPropertyOrder({"type", "code", "field", "reason"})
public record ErrorMessage(String type, String code, String field, String reason) {

    public static final String MALFORMED_JSON = "malformed-json";
    public static final String UNKNOWN_TYPE = "unknown-type";
    public static final String MISSING_FIELD = "missing-field";
    public static final String INVALID_FIELD = "invalid-field";

    public ErrorMessage(String code, String field, String reason) {
        this("error", code, field, reason);
    }
}
