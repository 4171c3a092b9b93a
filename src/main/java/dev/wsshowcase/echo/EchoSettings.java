package dev.wsshowcase.echo;

import dev.wsshowcase.application.Setting;
import java.util.List;

/** The echo's settings. */
public final class EchoSettings {

    public static final Setting<Integer> MAX_MESSAGE_BYTES = Setting.integer(
            "showcase.echo.max-message-bytes", 1024 * 1024, 1, Integer.MAX_VALUE - 8,
            "Largest message the echo endpoint accepts, in bytes (text counted as UTF-8); larger closes with 1009.");

    /** These settings, in the order the configuration table lists them. */
    public static final List<Setting<?>> ALL = List.of(MAX_MESSAGE_BYTES);

    private EchoSettings() {
    }
}
