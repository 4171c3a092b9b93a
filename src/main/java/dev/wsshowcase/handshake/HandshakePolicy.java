package dev.wsshowcase.handshake;

import dev.wsshowcase.application.Settings;
import dev.wsshowcase.application.Showcase;

/**
 * The running application's handshake policy, read once from its settings: what to believe of
 * the proxy's headers, which origins may connect, whether to compress. Immutable; one per
 * application, a {@link Showcase#service}.
 */
record HandshakePolicy(ForwardedHeaders forwardedHeaders, OriginPolicy originPolicy, boolean compression) {

    static HandshakePolicy of(Settings settings) {
        ForwardedHeaders forwardedHeaders = ForwardedHeaders.of(settings);
        return new HandshakePolicy(forwardedHeaders, OriginPolicy.of(settings, forwardedHeaders),
                settings.get(HandshakeSettings.COMPRESSION));
    }

    /** The policy of the running application ({@link Showcase#current}). */
    static HandshakePolicy current() {
        return Showcase.current().service(HandshakePolicy.class, showcase -> of(showcase.settings()));
    }
}
