package dev.wsshowcase.clock.codec;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.connection.InboundSize;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

/** Decodes clock commands with the application's JSON-B; see {@link ClockCommand#parse}. */
public class ClockDecoder implements Decoder.Text<ClockCommand> {

    private Jsonb jsonb;

    @Override
    public void init(EndpointConfig config) {
        Showcase showcase = Showcase.runningOrNull();
        if (showcase != null) {
            jsonb = showcase.jsonb();
        }
    }

    @Override
    public ClockCommand decode(String text) {
        InboundSize.decoded(text);
        if (jsonb == null) {
            return new ClockCommand.Invalid(new InvalidMessage("unavailable", null, Showcase.STOPPING));
        }
        return ClockCommand.parse(jsonb, text);
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }
}
