package dev.wsshowcase.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one endpoint ({@code echo}, {@code clock}, {@code chat}), looked up once per
 * connection so that counting a message is one increment. Thread-safe: Micrometer's meters may
 * be updated from any thread without a lock.
 */
public final class EndpointMeters {

    /** The ping round-trip histogram's buckets, from a healthy LAN to a client reading a long backlog. */
    private static final Duration[] ROUND_TRIP_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Counter messagesReceived;
    private final Counter bytesReceived;
    private final Counter messagesSent;
    private final Counter bytesSent;
    private final Counter writes;
    private final Counter overflows;
    private final Counter keepaliveTimeouts;
    private final Counter sendTimeouts;
    private final Counter sendErrors;
    private final Timer pingRoundTrip;

    EndpointMeters(MeterRegistry registry, String endpoint) {
        this.messagesReceived = Counter.builder("showcase.messages.received")
                .description("Messages received from clients (a message in parts counts once)")
                .tag("endpoint", endpoint).register(registry);
        this.bytesReceived = Counter.builder("showcase.messages.received.bytes")
                .description("Payload bytes received from clients (text counted as UTF-8)")
                .tag("endpoint", endpoint).register(registry);
        this.messagesSent = Counter.builder("showcase.messages.sent")
                .description("Messages handed to the container for sending, per recipient")
                .tag("endpoint", endpoint).register(registry);
        this.bytesSent = Counter.builder("showcase.messages.sent.bytes")
                .description("Payload bytes handed to the container for sending (text counted as UTF-8)")
                .tag("endpoint", endpoint).register(registry);
        this.writes = Counter.builder("showcase.send.writes")
                .description("Writes asked of the container: one per message, or where it batches (Tomcat) one per flush of the messages that waited; messages sent / writes is how many a write carried")
                .tag("endpoint", endpoint).register(registry);
        this.overflows = Counter.builder("showcase.send.queue.overflows")
                .description("Clients dropped with 1008 because their send queue overflowed")
                .tag("endpoint", endpoint).register(registry);
        this.keepaliveTimeouts = Counter.builder("showcase.keepalive.timeouts")
                .description("Connections closed with 1001 because a ping went unanswered")
                .tag("endpoint", endpoint).register(registry);
        this.sendTimeouts = sendFailures(registry, endpoint, "timeout");
        this.sendErrors = sendFailures(registry, endpoint, "error");
        this.pingRoundTrip = Timer.builder("showcase.keepalive.ping.round.trip")
                .description("Time from a keepalive ping leaving the server to the client's answer")
                .tag("endpoint", endpoint)
                .serviceLevelObjectives(ROUND_TRIP_BUCKETS)
                .register(registry);
    }

    private static Counter sendFailures(MeterRegistry registry, String endpoint, String reason) {
        return Counter.builder("showcase.send.failures")
                .description("Clients dropped because a send failed (reason=error, 1001) or stayed in flight past the send timeout (reason=timeout, 1008)")
                .tag("endpoint", endpoint).tag("reason", reason).register(registry);
    }

    /** One message (or its last part) of {@code bytes} bytes arrived; {@code bytes} may be 0 where unknown. */
    public void received(long bytes, boolean last) {
        if (last) {
            messagesReceived.increment();
        }
        if (bytes > 0) {
            bytesReceived.increment(bytes);
        }
    }

    /** One message of {@code bytes} bytes was handed to the container. */
    public void sent(long bytes) {
        messagesSent.increment();
        bytesSent.increment(bytes);
    }

    /** A write was asked of the container (a message on its own, or a flush of several). */
    public void wrote() {
        writes.increment();
    }

    public void overflowed() {
        overflows.increment();
    }

    /** A client is being dropped because a send to it timed out ({@code timedOut}) or failed. */
    public void sendFailed(boolean timedOut) {
        (timedOut ? sendTimeouts : sendErrors).increment();
    }

    public void keepaliveTimedOut() {
        keepaliveTimeouts.increment();
    }

    public void pingAnswered(long nanos) {
        pingRoundTrip.record(nanos, TimeUnit.NANOSECONDS);
    }
}
