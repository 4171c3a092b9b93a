package dev.wsshowcase.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.testsupport.NeedsServletContainer;
import dev.wsshowcase.testsupport.NeedsSuiteSettings;
import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Origin check on every endpoint of a servlet container (the in-JVM Tyrus server has no
 * servlet layer and is left out). The build allows {@value #ALLOWED} besides the application's
 * own origin, and runs the servers behind a trusted proxy of one hop that writes
 * {@code X-Forwarded-*} ({@code showcase.proxy.trusted=true}, the defaults for the rest).
 */
@ShowcaseIT
@NeedsServletContainer
@NeedsSuiteSettings
class OriginIT {

    static final String ALLOWED = "https://allowed.example";

    private static String own(Target server) {
        return "http://" + server.httpBase().getRawAuthority();
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({
        "echo, http://evil.example",
        "clock, http://evil.example",
        "chat/lobby, http://evil.example",
        "echo, null",
        "echo, OWN.evil.example",
        "echo, http://evilOWNHOST",
        "echo, https://allowed.example.evil",
        "echo, https://allowed.example:8443",
        "echo, http://allowed.example",
        "chat/lobby, OWN/chat",
    })
    void aForeignOriginGets403(String path, String origin, Target server) {
        String value = origin.replace("OWNHOST", server.httpBase().getRawAuthority()).replace("OWN", own(server));
        IOException refused = assertThrows(IOException.class, () -> connect(server, path, value).close());
        assertTrue(refused.getMessage().contains(" 403"), refused.getMessage());
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({
        "echo, OWN",
        "clock, OWN",
        "chat/lobby, OWN",
        "echo, https://allowed.example",
        "chat/lobby, https://allowed.example:443",
        "echo, NONE",
    })
    void theOwnOriginTheAllowListAndClientsWithoutOriginConnect(String path, String origin, Target server) throws Exception {
        String value = "NONE".equals(origin) ? null : origin.replace("OWN", own(server));
        try (RawWebSocket client = connect(server, path, value)) {
            if (path.equals("echo")) {
                client.sendText("hi");
                assertEquals("hi", client.readFrame().text());
            } else {
                assertEquals(RawWebSocket.TEXT, client.readFrame().opcode());
            }
        }
    }

    /**
     * The tests play the proxy: it sets or appends its values at the right, and the client's own
     * come before them. The Origin is compared with the scheme and host of the proxy's entries.
     */
    @Test
    void behindTheTrustedProxyTheOriginIsComparedWithWhatTheProxySays(Target server) throws Exception {
        assertConnects(server, "https://chat.example", Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "chat.example"));
        Map<String, String> appended = Map.of("X-Forwarded-Proto", "http, https", "X-Forwarded-Host", "evil.example, chat.example");
        assertConnects(server, "https://chat.example", appended);
        assertRefused(server, "http://evil.example", appended);
        // The proxy writes X-Forwarded-*, so a Forwarded header is the client's own and ignored.
        assertRefused(server, "https://chat.example", Map.of("Forwarded", "proto=https;host=chat.example"));
    }

    private static void assertConnects(Target server, String origin, Map<String, String> forwarded) throws IOException {
        try (RawWebSocket client = connect(server, "echo", origin, forwarded)) {
            client.sendText("hi");
            assertEquals("hi", client.readFrame().text());
        }
    }

    private static void assertRefused(Target server, String origin, Map<String, String> forwarded) {
        IOException refused = assertThrows(IOException.class, () -> connect(server, "echo", origin, forwarded).close(),
                origin + " with " + forwarded);
        assertTrue(refused.getMessage().contains(" 403"), refused.getMessage());
    }

    private static RawWebSocket connect(Target server, String path, String origin) throws IOException {
        return connect(server, path, origin, Map.of());
    }

    private static RawWebSocket connect(Target server, String path, String origin, Map<String, String> extra) throws IOException {
        Map<String, String> headers = new HashMap<>(extra);
        if (origin != null) {
            headers.put("Origin", origin);
        }
        return RawWebSocket.connect(URI.create(server.ws(path).toString()), 0, headers);
    }
}
