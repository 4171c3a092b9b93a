package dev.wsshowcase.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.application.ApplicationSettings;
import dev.wsshowcase.testsupport.NeedsServletContainer;
import dev.wsshowcase.testsupport.NeedsSuiteSettings;
import dev.wsshowcase.testsupport.Poll;
import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The per-address connection limit on a servlet container (the in-JVM Tyrus server does not
 * tell the application the client's address, and is left out): every client of the suite is
 * 127.0.0.1, so connections are opened until the server refuses one with 1013. The build sets
 * the limit ({@code showcase.limits.max-connections-per-address}) and runs the servers behind
 * a trusted proxy of one hop ({@code showcase.proxy.trusted=true}): the tests that send
 * {@code X-Forwarded-For} play that proxy, appending the address it saw (127.0.0.1) to what
 * the client sent, as nginx's {@code $proxy_add_x_forwarded_for} does.
 */
@ShowcaseIT
@NeedsServletContainer
@NeedsSuiteSettings
@Execution(ExecutionMode.SAME_THREAD)
class ConnectionLimitIT {

    private static final int LIMIT = Integer.parseInt(System.getProperty(ApplicationSettings.MAX_CONNECTIONS_PER_ADDRESS.name(),
            ApplicationSettings.MAX_CONNECTIONS_PER_ADDRESS.defaultText()));

    @Test
    void pastThePerAddressLimitTheConnectionClosesWith1013AndOthersAreUnaffected(Target server) throws Exception {
        List<RawWebSocket> admitted = new ArrayList<>();
        try {
            fillUpTo1013(server, admitted, i -> Map.of());

            for (RawWebSocket client : admitted) {
                client.sendText("still here");
                assertEquals("still here", client.readFrame().text(), "an admitted connection works on");
            }

            // A place is freed when a connection closes: a new one gets in again.
            admitted.remove(0).close();
            Poll.until(Duration.ofSeconds(15), "a new connection to be admitted", () -> {
                RawWebSocket client = RawWebSocket.connect(server.ws("echo"));
                client.sendText("again");
                RawWebSocket.Frame frame = client.readFrame();
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    client.close();
                    return null;
                }
                admitted.add(client);
                return frame.text();
            });
        } finally {
            closeAll(admitted);
        }
    }

    /**
     * A client behind the proxy that makes up a new address for every connection (the leftmost
     * {@code X-Forwarded-For} entry, which the proxy passes on) still counts as the address the
     * proxy saw, and is refused at the limit; another client, as the proxy reports it, still
     * gets in.
     */
    @Test
    void aClientThatSpoofsXForwardedForCannotEscapeTheLimit(Target server) throws Exception {
        List<RawWebSocket> admitted = new ArrayList<>();
        try {
            fillUpTo1013(server, admitted, i -> Map.of("X-Forwarded-For", "2001:db8::" + Integer.toHexString(i + 1) + ", 127.0.0.1"));
            assertAdmitted(server, admitted, Map.of("X-Forwarded-For", "203.0.113.7"));
        } finally {
            closeAll(admitted);
        }
    }

    /** A client that claims another's address uses up its own places, not the other's. */
    @Test
    void aClientThatClaimsAnotherAddressUsesUpItsOwnPlaces(Target server) throws Exception {
        List<RawWebSocket> admitted = new ArrayList<>();
        try {
            fillUpTo1013(server, admitted, i -> Map.of("X-Forwarded-For", "203.0.113.9, 127.0.0.1"));
            assertAdmitted(server, admitted, Map.of("X-Forwarded-For", "203.0.113.9"));
        } finally {
            closeAll(admitted);
        }
    }

    /**
     * A client whose connection is refused has often sent its first message already, and the
     * close that refuses it races with the container still reading that message. Payara 6 then
     * recycles the connection's input buffer while its read is pending, and the pending read
     * takes the data of the next connection, which gets its pings but never a message; the
     * refusal's close waits {@link dev.wsshowcase.send.SessionSender#OPENING_CLOSE_DELAY_MILLIS}
     * so that it does not race. Here clients on several threads are refused one after another,
     * each having sent a message, and each time another address's connection opens right after
     * it: every one of those is echoed.
     */
    @Test
    void connectionsOpenedRightAfterRefusedOnesAreServed(Target server) throws Exception {
        List<RawWebSocket> admitted = new ArrayList<>();
        int threads = 4;
        int rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            fillUpTo1013(server, admitted, i -> Map.of());
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                clients.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        try (RawWebSocket refused = RawWebSocket.connect(server.ws("echo"))) {
                            refused.sendText("refused " + round);
                            RawWebSocket.Frame close = refused.readFrame();
                            assertEquals(1013, close.closeCode(), "past the limit: " + close.opcode() + " " + close.text());
                        }
                        String address = "203.0.113." + (thread * rounds + round + 1) % 250;
                        try (RawWebSocket next = RawWebSocket.connect(server.ws("echo"), 0, Map.of("X-Forwarded-For", address))) {
                            next.sendText("next " + round);
                            RawWebSocket.Frame echo = next.readFrame();
                            assertEquals("next " + round, echo.opcode() == RawWebSocket.TEXT ? echo.text()
                                    : "close " + echo.closeCode() + " " + echo.closeReason(), "round " + round + " of thread " + thread);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            closeAll(admitted);
        }
    }

    /**
     * Opens connections to echo, with the headers {@code headers} gives the i-th, until one is
     * refused; checks the refusal and keeps the admitted ones in {@code admitted}.
     */
    private static void fillUpTo1013(Target server, List<RawWebSocket> admitted, IntFunction<Map<String, String>> headers) throws IOException {
        RawWebSocket.Frame refusal = null;
        // Connections of earlier tests may still count for a moment: the limit is reached at or before LIMIT + 1.
        for (int i = 0; i <= LIMIT && refusal == null; i++) {
            RawWebSocket client = RawWebSocket.connect(server.ws("echo"), 0, headers.apply(i));
            client.sendText("n" + i);
            RawWebSocket.Frame first = client.readFrame();
            if (first.opcode() == RawWebSocket.CLOSE) {
                refusal = first;
                client.close();
            } else {
                assertEquals("n" + i, first.text());
                admitted.add(client);
            }
        }
        assertNotNull(refusal, "no connection refused after " + (LIMIT + 1));
        assertEquals(1013, refusal.closeCode());
        assertEquals("too many connections from one address: " + LIMIT, refusal.closeReason());
        assertTrue(admitted.size() > LIMIT / 2, "refused after only " + admitted.size() + " connections");
    }

    private static void assertAdmitted(Target server, List<RawWebSocket> admitted, Map<String, String> headers) throws IOException {
        RawWebSocket client = RawWebSocket.connect(server.ws("echo"), 0, headers);
        admitted.add(client);
        client.sendText("another client");
        RawWebSocket.Frame frame = client.readFrame();
        assertEquals(RawWebSocket.TEXT, frame.opcode(), "another address is admitted; got close " + frame.closeCode() + " " + frame.closeReason());
        assertEquals("another client", frame.text());
    }

    private static void closeAll(List<RawWebSocket> clients) {
        for (RawWebSocket client : clients) {
            try {
                client.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
