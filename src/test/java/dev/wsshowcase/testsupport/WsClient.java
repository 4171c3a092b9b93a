package dev.wsshowcase.testsupport;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * A WebSocket client for tests: connect (optionally with handshake headers such as
 * {@code Origin}), send, and wait, with a timeout, for the next message, a matching message or
 * the close.
 *
 * <p>Every received message is kept in arrival order: text as {@link String}, binary as
 * {@code byte[]}. Waiting methods fail the test with {@link AssertionError} on timeout rather
 * than hanging. Use in try-with-resources.
 */
public final class WsClient implements AutoCloseable {

    /** How long a test waits for anything, unless it says otherwise. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final int MAX_MESSAGE = 64 * 1024 * 1024;
    private static final ClientManager CLIENT = createClient();

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    /** When the close arrived, a {@link System#nanoTime} reading; set before {@link #closed} completes. */
    private volatile long closedAt;
    private final Session session;

    private WsClient(URI uri, Map<String, List<String>> headers) throws IOException, DeploymentException {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> request) {
                        request.putAll(headers);
                    }
                })
                .build();
        this.session = CLIENT.connectToServer(new Listener(), config, uri);
    }

    /** Connects to {@code uri}. */
    public static WsClient connect(URI uri) throws IOException, DeploymentException {
        return new WsClient(uri, Map.of());
    }

    /** Connects to {@code uri} with extra handshake headers. */
    public static WsClient connect(URI uri, Map<String, List<String>> headers) throws IOException, DeploymentException {
        return new WsClient(uri, headers);
    }

    public Session session() {
        return session;
    }

    public void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    public void send(byte[] data) throws IOException {
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
    }

    /** Sends one text message as several frames (a first frame and continuations). */
    public void sendFragmented(String... parts) throws IOException {
        for (int i = 0; i < parts.length; i++) {
            session.getBasicRemote().sendText(parts[i], i == parts.length - 1);
        }
    }

    /** Sends one binary message as several frames (a first frame and continuations). */
    public void sendFragmented(byte[]... parts) throws IOException {
        for (int i = 0; i < parts.length; i++) {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(parts[i]), i == parts.length - 1);
        }
    }

    /** The next message, text or binary. */
    public Object awaitMessage() {
        return awaitMessage(TIMEOUT);
    }

    public Object awaitMessage(Duration timeout) {
        try {
            Object message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("No message within " + timeout + (closed.isDone() ? "; closed: " + closed.join() : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a message", e);
        }
    }

    /** The next message, or null if none arrives within {@code timeout}. */
    public Object poll(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How the connection closed, or null while it is open. */
    public CloseReason closeReasonNow() {
        return closed.getNow(null);
    }

    /** The next message, which must be text. */
    public String awaitText() {
        Object message = awaitMessage();
        if (message instanceof String text) {
            return text;
        }
        throw new AssertionError("Expected a text message, got " + describe(message));
    }

    /** The next message, which must be binary. */
    public byte[] awaitBinary() {
        Object message = awaitMessage();
        if (message instanceof byte[] data) {
            return data;
        }
        throw new AssertionError("Expected a binary message, got " + describe(message));
    }

    /** The next message, which must be text, waiting up to {@code timeout} (for tests that move a lot of data). */
    public String awaitText(Duration timeout) {
        Object message = awaitMessage(timeout);
        if (message instanceof String text) {
            return text;
        }
        throw new AssertionError("Expected a text message, got " + describe(message));
    }

    /** Skips messages until a text message matches, and returns it. */
    public String awaitText(Predicate<String> matching) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No matching text message within " + TIMEOUT);
            }
            if (awaitMessage(Duration.ofNanos(left)) instanceof String text && matching.test(text)) {
                return text;
            }
        }
    }

    /** Waits for the connection to close, and returns the server's close code and reason. */
    public CloseReason awaitClose() {
        return awaitClose(TIMEOUT);
    }

    public CloseReason awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Not closed within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the close", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** When the close arrived ({@link System#nanoTime}); call after {@link #awaitClose}. */
    public long closedAt() {
        return closedAt;
    }

    /** Sends a ping and waits for the pong, returning its payload. */
    public byte[] ping(byte[] payload) throws IOException {
        session.getBasicRemote().sendPing(ByteBuffer.wrap(payload));
        try {
            ByteBuffer pong = pongs.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (pong == null) {
                throw new AssertionError("No pong within " + TIMEOUT);
            }
            byte[] data = new byte[pong.remaining()];
            pong.get(data);
            return data;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a pong", e);
        }
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }

    private static String describe(Object message) {
        return message instanceof byte[] data ? "binary of " + data.length + " bytes" : "text '" + message + "'";
    }

    private static ClientManager createClient() {
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        client.getProperties().put("org.glassfish.tyrus.incomingBufferSize", MAX_MESSAGE);
        client.setDefaultMaxTextMessageBufferSize(MAX_MESSAGE);
        client.setDefaultMaxBinaryMessageBufferSize(MAX_MESSAGE);
        return client;
    }

    private final class Listener extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(MAX_MESSAGE);
            session.setMaxBinaryMessageBufferSize(MAX_MESSAGE);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                received.add(copy);
            });
            session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> {
                ByteBuffer data = pong.getApplicationData();
                ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data);
                pongs.add(copy.flip());
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            closedAt = System.nanoTime();
            closed.complete(reason);
        }

    }
}
