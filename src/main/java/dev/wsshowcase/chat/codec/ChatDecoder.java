package dev.wsshowcase.chat.codec;

import dev.wsshowcase.shared.Settings;
import dev.wsshowcase.shared.Showcase;
import dev.wsshowcase.shared.codec.InvalidMessage;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

/**
 * Decodes chat frames with the application's JSON-B; see {@link ChatCommand#parse}.
 *
 * <p>A decoder made while the application is stopping has no application to read from; the
 * endpoint closes its session at open and ignores what it decodes, so it decodes every frame
 * to {@link ChatCommand.Invalid} without reading it, rather than throwing in the container.
 */
public class ChatDecoder implements Decoder.Text<ChatCommand> {

    private Jsonb jsonb;
    private int maxBytes;

    @Override
    public void init(EndpointConfig config) {
        Showcase showcase = Showcase.runningOrNull();
        if (showcase != null) {
            jsonb = showcase.jsonb();
            maxBytes = showcase.settings().get(Settings.CHAT_MAX_MESSAGE_BYTES);
        }
    }

    @Override
    public ChatCommand decode(String frame) {
        if (jsonb == null) {
            return new ChatCommand.Invalid(new InvalidMessage("unavailable", null, Showcase.STOPPING));
        }
        return ChatCommand.parse(jsonb, frame, maxBytes);
    }

    @Override
    public boolean willDecode(String frame) {
        return true;
    }
}
