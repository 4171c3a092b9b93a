package dev.wsshowcase.chat.codec;

import dev.wsshowcase.codec.ErrorMessage;
import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.codec.JsonFields;
import dev.wsshowcase.text.Utf8;
import jakarta.json.bind.Jsonb;

/**
 * What a chat client asks for. A text frame that does not start with <code>{</code> is a
 * chat message as it stands, so that a terminal client can chat; anything else must be a JSON
 * object with a {@code type}. Fields a client may not set (such as a sender) are ignored.
 */
public sealed interface ChatCommand {

    /** {@code {"type":"message","text":"hi"}}, or a plain-text frame. */
    record Say(String text) implements ChatCommand {
    }

    /** {@code {"type":"rename","name":"alice"}}. */
    record Rename(String name) implements ChatCommand {
    }

    /** {@code {"type":"private","to":"bob","text":"psst"}}. */
    record Private(String to, String text) implements ChatCommand {
    }

    /** {@code {"type":"typing"}}: the member is typing now. */
    record Typing() implements ChatCommand {
    }

    /** Input that is not a command; answered with {@link #error()}, the connection stays open. */
    record Invalid(InvalidMessage error) implements ChatCommand {
    }

    /** A frame over the size limit; the connection is closed with 1009. */
    record TooBig(int limit) implements ChatCommand {
    }

    /** Decodes one text frame. Never throws. */
    static ChatCommand parse(Jsonb jsonb, String frame, int maxBytes) {
        if (Utf8.length(frame) > maxBytes) {
            return new TooBig(maxBytes);
        }
        if (!frame.stripLeading().startsWith("{")) {
            return new Say(frame);
        }
        try {
            JsonFields fields = JsonFields.parse(jsonb, frame);
            String type = fields.type();
            return switch (type) {
                case "message" -> new Say(fields.requiredString("text"));
                case "rename" -> new Rename(fields.requiredString("name"));
                case "private" -> new Private(fields.requiredString("to"), fields.requiredString("text"));
                case "typing" -> new Typing();
                default -> throw new InvalidMessage(ErrorMessage.UNKNOWN_TYPE, "type", "unknown message type '"
                        + InvalidMessage.excerpt(type)
                        + "'; expected message, rename, private or typing");
            };
        } catch (InvalidMessage e) {
            return new Invalid(e);
        }
    }
}
