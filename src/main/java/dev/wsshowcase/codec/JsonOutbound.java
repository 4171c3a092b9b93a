package dev.wsshowcase.codec;

import dev.wsshowcase.send.Outbound;
import jakarta.json.bind.Jsonb;

/**
 * Turns a protocol record (an event, a reply, an {@link ErrorMessage}) into a text
 * {@link Outbound} with the application's one JSON-B instance. A broadcast encodes its event
 * once and hands the same {@code Outbound} to every recipient. Safe to share between threads.
 */
public final class JsonOutbound {

    private final Jsonb jsonb;

    public JsonOutbound(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    public Outbound encode(Object message) {
        return Outbound.text(jsonb.toJson(message));
    }
}
