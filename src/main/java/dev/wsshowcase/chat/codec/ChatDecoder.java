package dev.wsshowcase.chat.codec;

import dev.wsshowcase.application.Setting;
import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.connection.InboundSize;
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

    /** The frame limit this decoder reads; listed with the chat's other settings in {@code ChatSettings}. */
    public static final Setting<Integer> MAX_MESSAGE_BYTES = Setting.integer(
            "showcase.chat.max-message-bytes", 16 * 1024, 64, 16 * 1024 * 1024,
            "Largest chat frame, in UTF-8 bytes; larger closes the connection with 1009.");

    private Jsonb jsonb;
    private int maxBytes;

    @Override
    public void init(EndpointConfig config) {
        Showcase showcase = Showcase.runningOrNull();
        if (showcase != null) {
            jsonb = showcase.jsonb();
            maxBytes = showcase.settings().get(MAX_MESSAGE_BYTES);
        }
    }

    @Override
    public ChatCommand decode(String frame) {
        InboundSize.decoded(frame);
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
