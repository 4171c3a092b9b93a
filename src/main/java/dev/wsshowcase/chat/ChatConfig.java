package dev.wsshowcase.chat;

import dev.wsshowcase.shared.Settings;
import java.util.concurrent.TimeUnit;

/** The chat's limits, read once from the application's {@link Settings}. */
record ChatConfig(int maxTextChars, int maxMessageBytes, int ratePerSecond, int rateBurst,
                  int maxMembers, int maxRooms, int history, long typingIntervalNanos) {

    static ChatConfig from(Settings settings) {
        return new ChatConfig(
                settings.get(Settings.CHAT_MAX_TEXT_CHARS),
                settings.get(Settings.CHAT_MAX_MESSAGE_BYTES),
                settings.get(Settings.CHAT_RATE_PER_SECOND),
                settings.get(Settings.CHAT_RATE_BURST),
                settings.get(Settings.CHAT_MAX_MEMBERS),
                settings.get(Settings.CHAT_MAX_ROOMS),
                settings.get(Settings.CHAT_HISTORY),
                TimeUnit.MILLISECONDS.toNanos(settings.get(Settings.CHAT_TYPING_INTERVAL_MILLIS)));
    }
}
