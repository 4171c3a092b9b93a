package dev.wsshowcase.chat.codec;

import dev.wsshowcase.shared.Settings;
import dev.wsshowcase.shared.Showcase;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

/** Decodes chat frames with the application's JSON-B; see {@link ChatCommand#parse}. */
public class ChatDecoder implements Decoder.Text<ChatCommand> {

    private Jsonb jsonb;
    private int maxBytes;

    @Override
    public void init(EndpointConfig config) {
        Showcase showcase = Showcase.current();
        jsonb = showcase.jsonb();
        maxBytes = showcase.settings().get(Settings.CHAT_MAX_MESSAGE_BYTES);
    }

    @Override
    public ChatCommand decode(String frame) {
        return ChatCommand.parse(jsonb, frame, maxBytes);
    }

    @Override
    public boolean willDecode(String frame) {
        return true;
    }
}
