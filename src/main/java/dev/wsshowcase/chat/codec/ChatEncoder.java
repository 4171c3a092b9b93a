package dev.wsshowcase.chat.codec;

import dev.wsshowcase.shared.Showcase;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;

/**
 * Encodes chat events and error messages with the application's JSON-B. The room encodes each
 * event once with {@link #encode} and queues the text for every recipient.
 */
public class ChatEncoder implements Encoder.Text<Object> {

    private Jsonb jsonb;

    /** For the container, which calls {@link #init}. */
    public ChatEncoder() {
    }

    public ChatEncoder(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    /**
     * Takes the application's JSON-B. While the application is stopping there is none: the
     * endpoint then closes the session at open and encodes nothing for it.
     */
    @Override
    public void init(EndpointConfig config) {
        Showcase showcase = Showcase.runningOrNull();
        if (showcase != null) {
            jsonb = showcase.jsonb();
        }
    }

    @Override
    public String encode(Object event) {
        return jsonb.toJson(event);
    }
}
