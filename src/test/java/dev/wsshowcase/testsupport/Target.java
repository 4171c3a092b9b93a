package dev.wsshowcase.testsupport;

import java.net.URI;

/**
 * The server under test.
 *
 * @param runtime  which runtime serves it ({@code tyrus}, {@code tomcat11}, {@code payara6}, {@code url} ...)
 * @param httpBase the application's base URL, ending in {@code /}
 */
public record Target(String runtime, URI httpBase) {

    /** The WebSocket URL of {@code path} (relative to the application, e.g. {@code "echo"}). */
    public URI ws(String path) {
        String scheme = "https".equals(httpBase.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + httpBase.getRawAuthority() + httpBase.getRawPath() + path);
    }

    /** The HTTP URL of {@code path} (relative to the application). */
    public URI http(String path) {
        return httpBase.resolve(path);
    }
}
