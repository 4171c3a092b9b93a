package dev.wsshowcase.chat;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.chat.redis.RedisChatEngine;

/**
 * Picks the application's {@link ChatEngine} from {@link ChatSettings#REDIS_URL}: the
 * in-process rooms when it is empty, the rooms shared through Redis otherwise. The engine is
 * an application service: created once, closed when the application stops.
 */
public final class ChatEngines {

    private ChatEngines() {
    }

    /**
     * Creates the engine now, at deploy, so that a Redis that cannot be reached is reported
     * in the log when the application starts rather than at the first join.
     */
    public static void start(Showcase showcase) {
        of(showcase);
    }

    static ChatEngine of(Showcase showcase) {
        return showcase.service(ChatEngine.class, app -> {
            String url = app.settings().get(ChatSettings.REDIS_URL);
            ChatConfig config = ChatConfig.from(app.settings(), app.nodeId());
            return url.isEmpty() ? ChatRooms.create(app) : RedisChatEngine.start(app, config, url);
        });
    }
}
