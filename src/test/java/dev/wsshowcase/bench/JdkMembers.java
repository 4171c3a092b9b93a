package dev.wsshowcase.bench;

import dev.wsshowcase.testsupport.Poll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other load client measured: members on the JDK's {@code java.net.http.WebSocket}, two
 * executor threads. Counts and times deliveries into the same {@link NioWsClient.Run} as the
 * NIO client, so that the two can be compared on one load ({@code -Dbench.client=jdk}).
 */
final class JdkMembers implements AutoCloseable {

    private final NioWsClient nio;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "jdk-ws-client");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(10)).build();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final AtomicInteger ready = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    JdkMembers(NioWsClient nio) {
        this.nio = nio;
    }

    int size() {
        return sockets.size();
    }

    /** Opens one member per URI, 50 handshakes at a time, and waits for each one's first text. */
    void open(List<URI> uris, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int from = 0; from < uris.size(); from += 50) {
            List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
            for (URI uri : uris.subList(from, Math.min(uris.size(), from + 50))) {
                batch.add(http.newWebSocketBuilder().buildAsync(uri, new Member()));
            }
            for (CompletableFuture<WebSocket> future : batch) {
                try {
                    sockets.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (Exception e) {
                    throw new IOException("JDK client could not connect: " + e, e);
                }
            }
        }
        if (!Poll.within(Poll.left(deadline), Duration.ofMillis(5), () -> ready.get() >= sockets.size())) {
            throw new IOException("only " + ready.get() + " of " + sockets.size() + " JDK members got their first text in time");
        }
    }

    void closeAll() throws InterruptedException {
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        Poll.within(Duration.ofSeconds(20), Duration.ofMillis(10), () -> closed.get() >= sockets.size());
        sockets.forEach(WebSocket::abort);
    }

    @Override
    public void close() {
        sockets.forEach(WebSocket::abort);
        executor.shutdownNow();
    }

    private final class Member implements WebSocket.Listener {
        private boolean first = true;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            long stamp = stamp(data);
            if (stamp >= 0) {
                NioWsClient.Run run = nio.currentRun();
                if (run != null) {
                    run.record(now - nio.origin - stamp, now);
                }
            } else {
                nio.touch(now);
            }
            if (first) {
                first = false;
                ready.incrementAndGet();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.incrementAndGet();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.incrementAndGet();
        }
    }

    private static long stamp(CharSequence data) {
        int length = data.length();
        for (int i = 0; i + 2 + NioWsClient.STAMP_DIGITS <= length; i++) {
            if (data.charAt(i) == '@' && data.charAt(i + 1) == '@') {
                long stamp = 0;
                for (int d = i + 2; d < i + 2 + NioWsClient.STAMP_DIGITS; d++) {
                    int digit = data.charAt(d) - '0';
                    if (digit < 0 || digit > 9) {
                        return -1;
                    }
                    stamp = stamp * 10 + digit;
                }
                return stamp;
            }
        }
        return -1;
    }
}
