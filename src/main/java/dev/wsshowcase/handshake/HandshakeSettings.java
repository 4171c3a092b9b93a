package dev.wsshowcase.handshake;

import dev.wsshowcase.application.Setting;
import java.util.List;
import java.util.Set;

/** The settings of the handshake: which origins may connect, what to believe of a proxy, compression. */
public final class HandshakeSettings {

    public static final Setting<Set<String>> ORIGIN_ALLOWED = origins(
            "showcase.origin.allowed",
            "Origins besides the application's own whose pages may connect, e.g. https://app.example.com (exact scheme, host and port; comma-separated).");

    public static final Setting<Boolean> ORIGIN_REQUIRED = Setting.bool(
            "showcase.origin.required", false,
            "Refuse handshakes without an Origin header (clients that are not browsers) with 403.");

    public static final Setting<Boolean> PROXY_TRUSTED = Setting.bool(
            "showcase.proxy.trusted", false,
            "Believe the proxy's headers (showcase.proxy.headers) for the client's address and for the scheme and host the Origin is compared with. Turn on only behind a proxy that writes them and that clients cannot get around.");

    public static final Setting<ForwardedHeaders.Family> PROXY_HEADERS = Setting.choice(
            "showcase.proxy.headers", ForwardedHeaders.Family.X_FORWARDED, ForwardedHeaders.Family::text,
            "Which headers the proxy writes: x-forwarded (X-Forwarded-For, -Proto, -Host) or forwarded (RFC 7239). The other family is ignored: the proxy passes it on as the client sent it.");

    public static final Setting<Integer> PROXY_TRUSTED_HOPS = Setting.integer(
            "showcase.proxy.trusted-hops", 1, 1, 16,
            "Proxies in front of the application, each appending to X-Forwarded-For (or Forwarded). The client's address is the entry this many places from the right, the one the outermost proxy wrote; entries further left are the client's own and are ignored.");

    public static final Setting<Boolean> COMPRESSION = Setting.bool(
            "showcase.websocket.compression", false,
            "Negotiate permessage-deflate with clients that offer it. Off by default: each compressed connection keeps a Deflater and an Inflater, a poor trade for small JSON messages.");

    /** These settings, in the order the configuration table lists them. */
    public static final List<Setting<?>> ALL = List.of(
            ORIGIN_ALLOWED, ORIGIN_REQUIRED, PROXY_TRUSTED, PROXY_HEADERS, PROXY_TRUSTED_HOPS, COMPRESSION);

    private HandshakeSettings() {
    }

    /** A list of origins ({@code https://example.com}), separated by commas or spaces; empty by default. */
    private static Setting<Set<String>> origins(String name, String description) {
        return new Setting<>(name, "", text -> {
            try {
                return OriginPolicy.parseList(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected origins such as https://example.com separated by commas: " + e.getMessage(), e);
            }
        }, description);
    }
}
