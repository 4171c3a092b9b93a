package dev.wsshowcase.chat;

import dev.wsshowcase.application.Settings;
import java.util.concurrent.TimeUnit;

/**
 * The chat's limits, read once from the application's {@link Settings}, and the name of the
 * node the chat runs on ({@code showcase.node.id}), which every welcome names.
 */
public record ChatConfig(int maxTextChars, int maxMessageBytes, int ratePerSecond, int rateBurst,
                  int maxMembers, int maxRooms, int history, long typingIntervalNanos, String node) {

    public static ChatConfig from(Settings settings, String node) {
        return new ChatConfig(
                settings.get(ChatSettings.MAX_TEXT_CHARS),
                settings.get(ChatSettings.MAX_MESSAGE_BYTES),
                settings.get(ChatSettings.RATE_PER_SECOND),
                settings.get(ChatSettings.RATE_BURST),
                settings.get(ChatSettings.MAX_MEMBERS),
                settings.get(ChatSettings.MAX_ROOMS),
                settings.get(ChatSettings.HISTORY),
                TimeUnit.MILLISECONDS.toNanos(settings.get(ChatSettings.TYPING_INTERVAL_MILLIS)),
                node);
    }
}
