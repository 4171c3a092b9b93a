package dev.wsshowcase.bench;

import dev.wsshowcase.testsupport.Poll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A lean WebSocket load client: many connections on one or two selector threads, frames parsed
 * in place, no per-message objects. A text frame whose payload carries {@link #MARKER} followed
 * by {@link #STAMP_DIGITS} digits of a send time (nanoseconds since {@link #origin}) counts as a
 * delivery and its latency goes to the current {@link Run}; other texts count per connection.
 * Pings are answered. Client frames are masked with the all-zero key (allowed by RFC 6455).
 */
final class NioWsClient implements AutoCloseable {

    static final byte[] MARKER = "@@".getBytes(StandardCharsets.US_ASCII);
    static final int STAMP_DIGITS = 16;
    static final int CONNECTING = 0;
    static final int HANDSHAKE = 1;
    static final int OPEN = 2;
    static final int CLOSED = 3;
    /** The close code of a server that asks the client to come back later. */
    static final int TRY_AGAIN_LATER = 1013;
    private static final int RETRIES = 5;

    /** The zero of the send times in payloads, so that they are positive and fit in 16 digits. */
    final long origin = System.nanoTime() - 1_000_000_000L;

    private final Worker[] workers;
    private final AtomicInteger nextWorker = new AtomicInteger();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    /** Connections opened again because the server closed them with 1013 as they joined ({@link #retryRefused}). */
    final AtomicInteger retried = new AtomicInteger();
    /** Texts seen on connections with {@link Conn#watch} set, with their arrival time: leaves, closes. */
    final Queue<String> notices = new ConcurrentLinkedQueue<>();
    private volatile Run run;
    /** The zero of the times printed with {@link #notices}: the start of the current load. */
    volatile long noticeZero = System.nanoTime();
    private volatile boolean running = true;
    private volatile long lastOtherText = System.nanoTime();

    NioWsClient(int threads) throws IOException {
        workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker();
            Thread thread = new Thread(workers[i], "ws-client-" + i);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The deliveries of one measured load: counted and timed from when they were due to be sent. */
    static final class Run {
        final Recorder latencies = new Recorder(Duration.ofMinutes(10).toNanos() / 1000, 3);
        final LongAdder deliveries = new LongAdder();
        volatile long lastDelivery;

        void record(long latencyNanos, long now) {
            latencies.recordValue(Math.max(0, Math.min(latencyNanos / 1000, Duration.ofMinutes(10).toNanos() / 1000)));
            deliveries.increment();
            lastDelivery = now;
        }

        Histogram histogram() {
            return latencies.getIntervalHistogram();
        }
    }

    /**
     * Clock ticks received during a load: for each tick (by its {@code epochMillis}, the second
     * it is for), when each connection got it, in microseconds after that second (wall clock).
     */
    static final class Ticks {
        private static final long MAX_MICROS = Duration.ofMinutes(1).toNanos() / 1000;
        final Map<Long, Recorder> byTick = new ConcurrentHashMap<>();
        final LongAdder received = new LongAdder();

        void record(long epochMillis, long wallNanos) {
            long micros = Math.max(0, Math.min(wallNanos / 1000 - epochMillis * 1000, MAX_MICROS));
            byTick.computeIfAbsent(epochMillis, tick -> new Recorder(MAX_MICROS, 3)).recordValue(micros);
            received.increment();
        }
    }

    /** Wall-clock nanoseconds minus {@link System#nanoTime}, taken once. */
    private final long wallOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    private volatile Ticks ticks;

    /** Records clock ticks into {@code ticks} from now on (null: stop). */
    void measureTicks(Ticks ticks) {
        this.ticks = ticks;
    }

    void measure(Run run) {
        this.run = run;
    }

    Run currentRun() {
        return run;
    }

    /** Notes that some client received a text that was not a delivery (see {@link #awaitQuiet}). */
    void touch(long now) {
        lastOtherText = now;
    }

    /** Nanoseconds since a connection last received a text that was not a delivery. */
    long quietNanos() {
        return System.nanoTime() - lastOtherText;
    }

    /** One connection. */
    final class Conn {
        final URI uri;
        final SocketChannel channel;
        final Worker worker;
        final ReentrantLock writeLock = new ReentrantLock();
        volatile int state = CONNECTING;
        volatile int texts;
        volatile long deliveries;
        volatile int closeCode = -1;
        volatile String failure;
        boolean watch;
        private byte[] pending;
        private volatile byte[] pendingPong;

        Conn(URI uri, SocketChannel channel, Worker worker) {
            this.uri = uri;
            this.channel = channel;
            this.worker = worker;
        }

        boolean isOpen() {
            return state == OPEN;
        }

        /** Sends one text frame, waiting for the socket up to {@code deadline} (System.nanoTime()). */
        boolean sendText(byte[] frame, long deadline) throws IOException {
            writeLock.lock();
            try {
                flushPong();
                return writeFully(ByteBuffer.wrap(frame), deadline);
            } finally {
                writeLock.unlock();
            }
        }

        void sendClose() {
            if (state != OPEN) {
                return;
            }
            writeLock.lock();
            try {
                writeFully(ByteBuffer.wrap(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8}),
                        System.nanoTime() + 1_000_000_000L);
            } catch (IOException e) {
                abort(e.toString());
            } finally {
                writeLock.unlock();
            }
        }

        private void pong(byte[] payload) {
            byte[] frame = new byte[6 + payload.length];
            frame[0] = (byte) 0x8A;
            frame[1] = (byte) (0x80 | payload.length);
            System.arraycopy(payload, 0, frame, 6, payload.length);
            if (writeLock.tryLock()) {
                try {
                    writeFully(ByteBuffer.wrap(frame), System.nanoTime() + 1_000_000_000L);
                } catch (IOException e) {
                    abort(e.toString());
                } finally {
                    writeLock.unlock();
                }
            } else {
                pendingPong = frame; // the thread that holds the lock sends it
            }
        }

        private void flushPong() throws IOException {
            byte[] frame = pendingPong;
            if (frame != null) {
                pendingPong = null;
                writeFully(ByteBuffer.wrap(frame), System.nanoTime() + 1_000_000_000L);
            }
        }

        private boolean writeFully(ByteBuffer buffer, long deadline) throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    if (System.nanoTime() > deadline) {
                        return false;
                    }
                    LockSupport.parkNanos(100_000);
                }
            }
            return true;
        }

        void abort(String why) {
            if (state == CLOSED) {
                return;
            }
            if (state != OPEN) {
                failed.incrementAndGet();
                failure = why;
            }
            state = CLOSED;
            closed.incrementAndGet();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closed anyway
            }
        }
    }

    /** Starts a connection; it is open when {@link Conn#isOpen()}. */
    Conn connect(URI uri, int receiveBuffer) throws IOException {
        Worker worker = workers[Math.floorMod(nextWorker.getAndIncrement(), workers.length)];
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (receiveBuffer > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
        }
        Conn conn = new Conn(uri, channel, worker);
        channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        worker.register(conn);
        return conn;
    }

    /**
     * Opens a connection to each URI, at most {@code concurrency} handshakes at a time, and
     * waits until each is open (and, if {@code firstText}, has received a text) or failed. One
     * the server closes with 1013 (try again later: say a chat join that Redis did not answer in
     * time) is opened again, as a client would, a few times at most ({@link #retryRefused}).
     */
    List<Conn> open(List<URI> uris, int concurrency, boolean firstText, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Conn> conns = new ArrayList<>(uris.size());
        for (URI uri : uris) {
            throttle(conns, concurrency, firstText, deadline);
            conns.add(connect(uri, 0));
        }
        settle(conns, firstText, deadline);
        retryRefused(conns, concurrency, firstText, Poll.left(deadline));
        long failures = conns.stream().filter(c -> c.state == CLOSED).count();
        if (failures > 0) {
            throw new IOException(failures + " of " + uris.size() + " connections failed, e.g. "
                    + conns.stream().filter(c -> c.state == CLOSED).findFirst()
                    .map(c -> c.uri + ": " + (c.failure != null ? c.failure : "closed by the server with " + c.closeCode)).orElse(""));
        }
        return conns;
    }

    /**
     * Opens again, in place, each of {@code conns} that the server closed with 1013, up to
     * {@link #RETRIES} times; counts them in {@link #retried} and returns how many it opened.
     */
    int retryRefused(List<Conn> conns, int concurrency, boolean firstText, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int opened = 0;
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            List<Conn> again = new ArrayList<>();
            for (int i = 0; i < conns.size(); i++) {
                Conn conn = conns.get(i);
                if (conn.state == CLOSED && conn.closeCode == TRY_AGAIN_LATER) {
                    throttle(again, concurrency, firstText, deadline);
                    Conn retry = connect(conn.uri, 0);
                    again.add(retry);
                    conns.set(i, retry);
                }
            }
            if (again.isEmpty()) {
                break;
            }
            opened += again.size();
            retried.addAndGet(again.size());
            settle(again, firstText, deadline);
        }
        return opened;
    }

    /** Waits until fewer than {@code concurrency} of the latest of {@code conns} are still opening. */
    private static void throttle(List<Conn> conns, int concurrency, boolean firstText, long deadline) throws IOException {
        if (!Poll.within(Poll.left(deadline), Duration.ofMillis(1), () -> conns.stream().skip(Math.max(0, conns.size() - concurrency * 2L))
                .filter(c -> !ready(c, firstText) && c.state != CLOSED).count() < concurrency)) {
            check(deadline, conns, firstText);
        }
    }

    /** Waits until each of {@code conns} is ready or closed. */
    private static void settle(List<Conn> conns, boolean firstText, long deadline) throws IOException {
        if (!Poll.within(Poll.left(deadline), Duration.ofMillis(5), () -> conns.stream().allMatch(c -> ready(c, firstText) || c.state == CLOSED))) {
            check(deadline, conns, firstText);
        }
    }

    private static boolean ready(Conn c, boolean firstText) {
        return c.state == OPEN && (!firstText || c.texts > 0 || c.deliveries > 0);
    }

    private static void check(long deadline, List<Conn> conns, boolean firstText) throws IOException {
        if (System.nanoTime() > deadline) {
            long ready = conns.stream().filter(c -> ready(c, firstText)).count();
            throw new IOException("only " + ready + " of " + conns.size() + " connections ready in time");
        }
    }

    /** Sends a close frame on each connection and waits for the server to close them; then closes what is left. */
    void closeAll(List<Conn> conns, Duration timeout) throws InterruptedException {
        for (Conn conn : conns) {
            conn.sendClose();
        }
        Poll.within(timeout, Duration.ofMillis(10), () -> conns.stream().allMatch(c -> c.state == CLOSED));
        for (Conn conn : conns) {
            conn.abort("closed by the benchmark");
        }
    }

    /** Waits until no connection has received a non-delivery text for {@code quiet}, at most {@code max}. */
    void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        Poll.within(max, Duration.ofMillis(20), () -> quietNanos() >= quiet.toNanos());
    }

    /** A masked (all-zero key) text frame with {@code payloadBytes} of payload: the marker, a stamp, filler. */
    static byte[] stampedFrame(int payloadBytes) {
        int header = payloadBytes < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + payloadBytes];
        frame[0] = (byte) 0x81;
        if (header == 2) {
            frame[1] = (byte) (0x80 | payloadBytes);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payloadBytes >>> 8);
            frame[3] = (byte) payloadBytes;
        }
        int at = header + 4;
        Arrays.fill(frame, at, frame.length, (byte) 'x');
        System.arraycopy(MARKER, 0, frame, at, MARKER.length);
        return frame;
    }

    /** Writes {@code stamp} into a frame made by {@link #stampedFrame}. */
    static void stamp(byte[] frame, long stamp) {
        int at = frame.length - payloadLength(frame) + MARKER.length + STAMP_DIGITS - 1;
        for (int i = 0; i < STAMP_DIGITS; i++) {
            frame[at - i] = (byte) ('0' + stamp % 10);
            stamp /= 10;
        }
    }

    private static int payloadLength(byte[] frame) {
        int len = frame[1] & 0x7F;
        return len < 126 ? len : (frame[2] & 0xFF) << 8 | frame[3] & 0xFF;
    }

    private static final byte[] EPOCH_MILLIS = "\"epochMillis\":".getBytes(StandardCharsets.US_ASCII);

    /** The number after {@code "epochMillis":} in {@code a[from, to)} (a clock tick), or -1. */
    static long findEpochMillis(byte[] a, int from, int to) {
        outer:
        for (int i = from; i + EPOCH_MILLIS.length < to; i++) {
            for (int k = 0; k < EPOCH_MILLIS.length; k++) {
                if (a[i + k] != EPOCH_MILLIS[k]) {
                    continue outer;
                }
            }
            long millis = 0;
            int d = i + EPOCH_MILLIS.length;
            for (; d < to && a[d] >= '0' && a[d] <= '9'; d++) {
                millis = millis * 10 + (a[d] - '0');
            }
            return d > i + EPOCH_MILLIS.length ? millis : -1;
        }
        return -1;
    }

    /** The stamp after the marker in {@code a[from, to)}, or -1. */
    static long findStamp(byte[] a, int from, int to) {
        for (int i = from; i + MARKER.length + STAMP_DIGITS <= to; i++) {
            if (a[i] == '@' && a[i + 1] == '@') {
                long stamp = 0;
                for (int d = i + 2; d < i + 2 + STAMP_DIGITS; d++) {
                    int digit = a[d] - '0';
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

    @Override
    public void close() {
        running = false;
        for (Worker worker : workers) {
            worker.selector.wakeup();
        }
    }

    /** A selector thread. */
    final class Worker implements Runnable {
        final Selector selector;
        private final Queue<Conn> registrations = new ConcurrentLinkedQueue<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(4 << 20);

        Worker() throws IOException {
            selector = Selector.open();
        }

        void register(Conn conn) {
            registrations.add(conn);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(100);
                    for (Conn conn; (conn = registrations.poll()) != null; ) {
                        try {
                            if (conn.channel.isConnectionPending() || !conn.channel.isConnected()) {
                                conn.channel.register(selector, SelectionKey.OP_CONNECT, conn);
                            } else {
                                startHandshake(conn, conn.channel.register(selector, 0, conn));
                            }
                        } catch (IOException e) {
                            conn.abort(e.toString());
                        }
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        Conn conn = (Conn) key.attachment();
                        try {
                            if (!key.isValid()) {
                                conn.abort("key cancelled");
                            } else if (key.isConnectable()) {
                                conn.channel.finishConnect();
                                startHandshake(conn, key);
                            } else if (key.isReadable()) {
                                read(conn);
                            }
                        } catch (IOException | RuntimeException e) {
                            conn.abort(e.toString());
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                System.err.println("client selector failed: " + e);
            } finally {
                for (SelectionKey key : selector.keys()) {
                    ((Conn) key.attachment()).abort("client stopped");
                }
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // stopping
                }
            }
        }

        private void startHandshake(Conn conn, SelectionKey key) throws IOException {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            URI uri = conn.uri;
            String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            conn.state = HANDSHAKE;
            if (!conn.writeFully(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)), System.nanoTime() + 5_000_000_000L)) {
                throw new IOException("handshake request not written");
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        private void read(Conn conn) throws IOException {
            buffer.clear();
            if (conn.pending != null) {
                if (conn.pending.length > buffer.capacity() / 2) {
                    throw new IOException("frame larger than the client reads");
                }
                buffer.put(conn.pending);
                conn.pending = null;
            }
            int n = conn.channel.read(buffer);
            if (n < 0) {
                conn.abort("end of stream");
                return;
            }
            byte[] a = buffer.array();
            int limit = buffer.position();
            int pos = 0;
            if (conn.state == HANDSHAKE) {
                int end = -1;
                for (int i = 0; i + 3 < limit; i++) {
                    if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                        end = i + 4;
                        break;
                    }
                }
                if (end < 0) {
                    conn.pending = Arrays.copyOf(a, limit);
                    return;
                }
                String status = new String(a, 0, Math.min(end, 64), StandardCharsets.ISO_8859_1);
                if (!status.startsWith("HTTP/1.1 101")) {
                    throw new IOException("handshake refused: " + status.lines().findFirst().orElse(status));
                }
                conn.state = OPEN;
                opened.incrementAndGet();
                pos = end;
            }
            pos = frames(conn, a, pos, limit);
            if (pos < limit && conn.state != CLOSED) {
                conn.pending = Arrays.copyOfRange(a, pos, limit);
            }
        }

        private int frames(Conn conn, byte[] a, int pos, int limit) throws IOException {
            long now = System.nanoTime();
            while (limit - pos >= 2) {
                int opcode = a[pos] & 0x0F;
                int len = a[pos + 1] & 0x7F;
                int header = 2;
                if (len == 126) {
                    if (limit - pos < 4) {
                        break;
                    }
                    len = (a[pos + 2] & 0xFF) << 8 | a[pos + 3] & 0xFF;
                    header = 4;
                } else if (len == 127) {
                    if (limit - pos < 10) {
                        break;
                    }
                    long big = 0;
                    for (int i = 2; i < 10; i++) {
                        big = big << 8 | a[pos + i] & 0xFF;
                    }
                    if (big > buffer.capacity() / 2) {
                        throw new IOException("frame of " + big + " bytes");
                    }
                    len = (int) big;
                    header = 10;
                }
                if (limit - pos < header + len) {
                    break;
                }
                int start = pos + header;
                int end = start + len;
                switch (opcode) {
                    case 0x0, 0x1 -> {
                        long stamp = findStamp(a, start, end);
                        Ticks clock = ticks;
                        long tick = clock != null && stamp < 0 ? findEpochMillis(a, start, end) : -1;
                        if (tick >= 0) {
                            conn.deliveries++;
                            clock.record(tick, now + wallOffsetNanos);
                        } else if (stamp >= 0) {
                            conn.deliveries++;
                            Run current = run;
                            if (current != null) {
                                current.record(now - origin - stamp, now);
                            }
                        } else {
                            conn.texts++;
                            lastOtherText = now;
                            if (conn.watch) {
                                notices.add(String.format("at %.1f s: %s", (now - noticeZero) / 1e9, new String(a, start, len, StandardCharsets.UTF_8)));
                            }
                        }
                    }
                    case 0x8 -> {
                        conn.closeCode = len >= 2 ? (a[start] & 0xFF) << 8 | a[start + 1] & 0xFF : 1005;
                        conn.sendClose();
                        conn.abort("closed by the server with " + conn.closeCode);
                        return end;
                    }
                    case 0x9 -> conn.pong(Arrays.copyOfRange(a, start, end));
                    default -> {
                        // pong or binary: nothing to count
                    }
                }
                pos = end;
            }
            return pos;
        }
    }
}
