package dev.wsshowcase.handshake;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every endpoint's handshake answers, on every runtime. */
@ShowcaseIT
class HandshakeIT {

    /** Browsers offer permessage-deflate; by default every endpoint declines it (see ShowcaseConfigurator). */
    @ParameterizedTest
    @ValueSource(strings = {"echo", "clock", "chat/lobby"})
    void compressionIsDeclinedByDefault(String path, Target server) throws Exception {
        try (RawWebSocket client = RawWebSocket.connect(server.ws(path), 0,
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"))) {
            assertNull(client.responseHeader("Sec-WebSocket-Extensions"));
        }
    }
}
