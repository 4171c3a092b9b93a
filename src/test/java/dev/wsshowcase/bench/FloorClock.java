package dev.wsshowcase.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of a clock's fan-out on this machine, the clock scenario's peer: a bare NIO server,
 * no container and no WebSocket library, that upgrades any request and, at each wall-clock
 * second, writes one tick frame, encoded once, to every connection, with one write each,
 * from {@code threads} threads that split the connections between them. It does nothing else
 * per connection (no timeout, no queue, no completion), so what its ticks' spread shows is what
 * the kernel and the client cost: no server can send a tick to the same clients faster.
 *
 * <p>{@code java dev.wsshowcase.bench.FloorClock <port> <threads>}; prints "listening" once it
 * accepts. It answers a close frame with a close frame; other frames from clients are read and
 * dropped. A socket whose buffer is full misses the tick (counted, printed at the end).
 */
public final class FloorClock {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Set<Conn> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong missed = new AtomicLong();

    /** One upgraded connection; its writes are serialized on the object. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(4096);
        boolean upgraded;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }

        synchronized boolean write(ByteBuffer frame) throws IOException {
            channel.write(frame);
            return !frame.hasRemaining();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        new FloorClock().run(port, threads);
    }

    private void run(int port, int threads) throws Exception {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.threads = threads;
        helpers = Executors.newFixedThreadPool(Math.max(1, threads - 1), daemon("floor-sender"));
        scheduleNext();
        System.out.println("listening on " + port + " with " + threads + " sending thread(s)");
        System.out.flush();
        while (true) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                try {
                    if (key.isAcceptable()) {
                        SocketChannel channel = server.accept();
                        if (channel != null) {
                            channel.configureBlocking(false);
                            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            channel.register(selector, SelectionKey.OP_READ, new Conn(channel));
                        }
                    } else if (key.isReadable()) {
                        read((Conn) key.attachment(), key);
                    }
                } catch (IOException | RuntimeException e) {
                    close((Conn) key.attachment(), key);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private void read(Conn conn, SelectionKey key) throws IOException {
        if (conn.channel.read(conn.in) < 0) {
            close(conn, key);
            return;
        }
        byte[] a = conn.in.array();
        int limit = conn.in.position();
        if (!conn.upgraded) {
            String request = new String(a, 0, limit, StandardCharsets.ISO_8859_1);
            int end = request.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            String accept = accept(request);
            conn.channel.write(ByteBuffer.wrap(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            conn.upgraded = true;
            conn.write(ByteBuffer.wrap(text("{\"type\":\"hello\"}")));
            open.add(conn);
            conn.in.clear();
            return;
        }
        // frames from the client: masked, short (pongs, a close); a close ends the connection
        int pos = 0;
        while (limit - pos >= 6) {
            int opcode = a[pos] & 0x0F;
            int len = a[pos + 1] & 0x7F;
            if (len > 125 || limit - pos < 6 + len) {
                break;
            }
            if (opcode == 0x8) {
                conn.write(ByteBuffer.wrap(new byte[] {(byte) 0x88, 0x02, 0x03, (byte) 0xE8}));
                close(conn, key);
                return;
            }
            pos += 6 + len;
        }
        conn.in.clear();
        conn.in.put(a, pos, limit - pos);
    }

    private void close(Conn conn, SelectionKey key) {
        if (conn != null) {
            open.remove(conn);
        }
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("floor-ticker"));
    private ExecutorService helpers;
    private int threads;
    private long reported;

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Schedules the tick for the next wall-clock second. */
    private void scheduleNext() {
        long now = System.currentTimeMillis();
        long second = (now / 1000 + 1) * 1000;
        ticker.schedule(() -> tick(second), second - now, TimeUnit.MILLISECONDS);
    }

    /** The tick for {@code second}, encoded once, written to every open connection by {@link #threads} threads; then the next. */
    private void tick(long second) {
        byte[] frame = text("{\"type\":\"tick\",\"seq\":" + second / 1000 + ",\"time\":\"" + Instant.ofEpochMilli(second)
                + "\",\"epochMillis\":" + second + ",\"zone\":\"UTC\"}");
        Conn[] all = open.toArray(new Conn[0]);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int from = all.length * t / threads;
            int to = all.length * (t + 1) / threads;
            Runnable slice = () -> {
                ByteBuffer buffer = ByteBuffer.wrap(frame);
                for (int i = from; i < to; i++) {
                    buffer.clear();
                    try {
                        if (!all[i].write(buffer)) {
                            missed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        missed.incrementAndGet();
                    }
                }
                done.countDown();
            };
            if (t == threads - 1) {
                slice.run();
            } else {
                helpers.execute(slice);
            }
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (missed.get() != reported) {
            reported = missed.get();
            System.out.println("ticks not written so far (socket buffer full, or closed): " + reported);
        }
        scheduleNext();
    }

    private static String accept(String request) {
        String key = request.lines().filter(line -> line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18))
                .map(line -> line.substring(18).trim()).findFirst().orElse("");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unmasked text frame (payload under 126 bytes). */
    private static byte[] text(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[2 + bytes.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) bytes.length;
        System.arraycopy(bytes, 0, frame, 2, bytes.length);
        return frame;
    }
}
