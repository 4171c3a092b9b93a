package dev.wsshowcase.chat;

import dev.wsshowcase.application.Setting;
import dev.wsshowcase.application.Settings;
import dev.wsshowcase.chat.codec.ChatCommand;
import dev.wsshowcase.chat.codec.ChatDecoder;
import java.util.List;

/** The chat's settings, and what the container must be told of them. */
public final class ChatSettings {

    public static final Setting<Integer> MAX_TEXT_CHARS = Setting.integer(
            "showcase.chat.max-text-chars", 2000, 1, 1_000_000,
            "Longest chat message text, in characters (code points); longer gets a text-too-long error.");

    /** The decoder's: it reads it to turn a larger frame into {@link ChatCommand.TooBig}. */
    public static final Setting<Integer> MAX_MESSAGE_BYTES = ChatDecoder.MAX_MESSAGE_BYTES;

    public static final Setting<Integer> RATE_PER_SECOND = Setting.integer(
            "showcase.chat.rate-per-second", 20, 1, 100_000,
            "Messages per second one member may send, on average.");

    public static final Setting<Integer> RATE_BURST = Setting.integer(
            "showcase.chat.rate-burst", 200, 1, 1_000_000,
            "Messages one member may send at once; past it each message gets a rate-limited error, and as many again closes with 1008.");

    public static final Setting<Integer> MAX_MEMBERS = Setting.integer(
            "showcase.chat.max-members-per-room", 200, 1, 1_000_000,
            "Members one room holds; one more gets a room-full error and close 1013.");

    public static final Setting<Integer> MAX_ROOMS = Setting.integer(
            "showcase.chat.max-rooms", 1000, 1, 1_000_000,
            "Rooms that may exist at once; a new one past it gets a too-many-rooms error and close 1013.");

    public static final Setting<Integer> HISTORY = Setting.integer(
            "showcase.chat.history", 100, 0, 100_000,
            "Messages a room keeps for newcomers (the welcome) and for reconnecting members.");

    public static final Setting<Integer> TYPING_INTERVAL_MILLIS = Setting.integer(
            "showcase.chat.typing-interval-ms", 2000, 0, 60_000,
            "At most one typing notice per member is passed on in this time; the rest are dropped.");

    /**
     * Empty: the rooms live in this process. A {@code redis://} URL: every node with the same
     * URL shares its rooms through that Redis ({@code chat.redis.RedisChatEngine}). Checked
     * when the engine starts, not here, so that a wrong URL is logged and the chat answers
     * {@code unavailable} while the rest of the application runs.
     */
    public static final Setting<String> REDIS_URL = new Setting<>(
            "showcase.chat.redis-url", "", String::trim,
            "Redis that the rooms of every node are shared through, e.g. redis://127.0.0.1:6379; empty keeps the chat in this process.");

    /** These settings, in the order the configuration table lists them. */
    public static final List<Setting<?>> ALL = List.of(
            MAX_TEXT_CHARS, MAX_MESSAGE_BYTES, RATE_PER_SECOND, RATE_BURST, MAX_MEMBERS, MAX_ROOMS, HISTORY, TYPING_INTERVAL_MILLIS,
            REDIS_URL);

    private ChatSettings() {
    }
}
