package dev.wsshowcase.shared;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The application's configuration: every {@link Setting} the product reads, resolved once at
 * startup.
 *
 * <p>Precedence, highest first: Java system property, environment variable, servlet context
 * parameter, built-in default. An operator can therefore override what a WAR's
 * {@code web.xml} says without rebuilding it. A value that does not parse stops the
 * application with an {@link IllegalArgumentException} naming the setting, the value and
 * where it came from.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Settings {

    public static final Setting<Integer> ECHO_MAX_MESSAGE_BYTES = Setting.integer(
            "showcase.echo.max-message-bytes", 1024 * 1024, 1, Integer.MAX_VALUE - 8,
            "Largest message the echo endpoint accepts, in bytes (text counted as UTF-8); larger closes with 1009.");

    public static final Setting<Integer> SEND_MAX_QUEUED_MESSAGES = Setting.integer(
            "showcase.send.max-queued-messages", 10_000, 1, 10_000_000,
            "Messages that may wait for one slow client before it is disconnected with 1008.");

    public static final Setting<Integer> SEND_MAX_QUEUED_BYTES = Setting.integer(
            "showcase.send.max-queued-bytes", 4 * 1024 * 1024, 1024, Integer.MAX_VALUE,
            "Bytes that may wait for one slow client before it is disconnected with 1008.");

    public static final Setting<Integer> SEND_TIMEOUT_MILLIS = Setting.integer(
            "showcase.send.timeout-ms", 10_000, 100, 3_600_000,
            "How long one message may take to reach a client before the connection is dropped.");

    public static final Setting<Integer> CHAT_MAX_TEXT_CHARS = Setting.integer(
            "showcase.chat.max-text-chars", 2000, 1, 1_000_000,
            "Longest chat message text, in characters (code points); longer gets a text-too-long error.");

    public static final Setting<Integer> CHAT_MAX_MESSAGE_BYTES = Setting.integer(
            "showcase.chat.max-message-bytes", 16 * 1024, 64, 16 * 1024 * 1024,
            "Largest chat frame, in UTF-8 bytes; larger closes the connection with 1009.");

    public static final Setting<Integer> CHAT_RATE_PER_SECOND = Setting.integer(
            "showcase.chat.rate-per-second", 20, 1, 100_000,
            "Messages per second one member may send, on average.");

    public static final Setting<Integer> CHAT_RATE_BURST = Setting.integer(
            "showcase.chat.rate-burst", 200, 1, 1_000_000,
            "Messages one member may send at once; past it each message gets a rate-limited error, and as many again closes with 1008.");

    public static final Setting<Integer> CHAT_MAX_MEMBERS = Setting.integer(
            "showcase.chat.max-members-per-room", 200, 1, 1_000_000,
            "Members one room holds; one more gets a room-full error and close 1013.");

    public static final Setting<Integer> CHAT_MAX_ROOMS = Setting.integer(
            "showcase.chat.max-rooms", 1000, 1, 1_000_000,
            "Rooms that may exist at once; a new one past it gets a too-many-rooms error and close 1013.");

    public static final Setting<Integer> CHAT_HISTORY = Setting.integer(
            "showcase.chat.history", 100, 0, 100_000,
            "Messages a room keeps for newcomers (the welcome) and for reconnecting members.");

    public static final Setting<Integer> CHAT_TYPING_INTERVAL_MILLIS = Setting.integer(
            "showcase.chat.typing-interval-ms", 2000, 0, 60_000,
            "At most one typing notice per member is passed on in this time; the rest are dropped.");

    public static final Setting<Integer> KEEPALIVE_INTERVAL_MILLIS = Setting.integer(
            "showcase.keepalive.interval-ms", 25_000, 0, 3_600_000,
            "A connection from which nothing has arrived for this long is sent a ping (0 turns keepalive off). Below the idle timeouts of proxies (nginx: 60 s) and of Jetty (30 s).");

    public static final Setting<Integer> KEEPALIVE_TIMEOUT_MILLIS = Setting.integer(
            "showcase.keepalive.timeout-ms", 30_000, 100, 3_600_000,
            "How long a pinged client may take to answer (a pong or any message), counted from when the ping left the server; then the connection is closed with 1001.");

    public static final Setting<Set<String>> ORIGIN_ALLOWED = Setting.origins(
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

    public static final Setting<Integer> MAX_CONNECTIONS = Setting.integer(
            "showcase.limits.max-connections", 5000, 1, 1_000_000,
            "Open connections the application takes, all endpoints together; the next is closed with 1013. Below Tomcat's own maxConnections (8192).");

    public static final Setting<Integer> MAX_CONNECTIONS_PER_ADDRESS = Setting.integer(
            "showcase.limits.max-connections-per-address", 200, 1, 1_000_000,
            "Open connections from one client address; the next is closed with 1013. Clients behind one NAT or proxy share an address.");

    public static final Setting<Boolean> COMPRESSION = Setting.bool(
            "showcase.websocket.compression", false,
            "Negotiate permessage-deflate with clients that offer it. Off by default: each compressed connection keeps a Deflater and an Inflater, a poor trade for small JSON messages.");

    /** Every setting, in the order the configuration table lists them. */
    public static final List<Setting<?>> ALL = List.of(
            ORIGIN_ALLOWED, ORIGIN_REQUIRED, PROXY_TRUSTED, PROXY_HEADERS, PROXY_TRUSTED_HOPS, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, COMPRESSION, ECHO_MAX_MESSAGE_BYTES, SEND_MAX_QUEUED_MESSAGES, SEND_MAX_QUEUED_BYTES, SEND_TIMEOUT_MILLIS,
            KEEPALIVE_INTERVAL_MILLIS, KEEPALIVE_TIMEOUT_MILLIS, CHAT_MAX_TEXT_CHARS, CHAT_MAX_MESSAGE_BYTES, CHAT_RATE_PER_SECOND, CHAT_RATE_BURST,
            CHAT_MAX_MEMBERS, CHAT_MAX_ROOMS, CHAT_HISTORY, CHAT_TYPING_INTERVAL_MILLIS);

    private final Map<Setting<?>, Object> values;

    private Settings(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Settings from system properties, environment variables and defaults (no servlet context). */
    public static Settings fromEnvironment() {
        return load(name -> null);
    }

    /**
     * Resolves every setting.
     *
     * @param contextParameters looks up a servlet context parameter, or returns null
     * @throws IllegalArgumentException naming the first setting whose value is invalid
     */
    public static Settings load(Function<String, String> contextParameters) {
        return load(contextParameters, System::getProperty, System::getenv);
    }

    static Settings load(Function<String, String> contextParameters,
                         Function<String, String> systemProperties,
                         Function<String, String> environment) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : ALL) {
            String source = "system property " + setting.name();
            String text = systemProperties.apply(setting.name());
            if (text == null) {
                source = "environment variable " + setting.environmentVariable();
                text = environment.apply(setting.environmentVariable());
            }
            if (text == null) {
                source = "context parameter " + setting.name();
                text = contextParameters.apply(setting.name());
            }
            if (text == null) {
                source = "default of " + setting.name();
                text = setting.defaultText();
            }
            try {
                values.put(setting, setting.parser().apply(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid value '" + text + "' for " + setting.name()
                        + " (from " + source + "): " + e.getMessage(), e);
            }
        }
        return new Settings(values);
    }

    /** The resolved value of a setting. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting);
        if (value == null) {
            throw new IllegalArgumentException("Unknown setting " + setting.name());
        }
        return (T) value;
    }
}
