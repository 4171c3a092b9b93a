package dev.wsshowcase.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsshowcase.liveness.Keepalive;
import dev.wsshowcase.metrics.Metrics;
import dev.wsshowcase.send.Outbound;
import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.testsupport.FakeSession;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What one connection counts: the gauge read from the registry, messages and bytes, overflows, send failures, closes by code. */
class ConnectionMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Connections connections = new Connections(10, 10, Metrics.in(registry));

    private double value(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        return search.gauge() != null ? search.gauge().value() : search.counter() != null ? search.counter().count() : 0;
    }

    private Connection open(FakeSession session, SessionSender sender) {
        session.session().getUserProperties().put(Connections.ENDPOINT, "echo");
        return ((Admission.Admitted) connections.open(sender, new Keepalive(null, 0, 0))).connection();
    }

    @Test
    void theGaugeIsTheRegistrysCountAndTheCloseIsCountedOnceWithItsCode() {
        FakeSession one = new FakeSession();
        FakeSession two = new FakeSession();
        Connection first = open(one, one.sender());
        open(two, two.sender());
        assertEquals(2, value("showcase.connections.open", "endpoint", "echo"));

        first.receive(5, false, () -> { }, () -> { });
        first.receive(3, true, () -> { }, () -> { });
        first.sender().send(Outbound.text("héllo"));
        assertEquals(1, value("showcase.messages.received", "endpoint", "echo"), "a message in two parts counts once");
        assertEquals(8, value("showcase.messages.received.bytes", "endpoint", "echo"));
        assertEquals(1, value("showcase.messages.sent", "endpoint", "echo"));
        assertEquals(6, value("showcase.messages.sent.bytes", "endpoint", "echo"), "text counted in UTF-8");

        first.closed(new CloseReason(CloseCodes.VIOLATED_POLICY, "message rate exceeded"));
        first.closed(new CloseReason(CloseCodes.VIOLATED_POLICY, "message rate exceeded"));
        assertEquals(1, value("showcase.connections.closed", "endpoint", "echo", "code", "1008"));
        assertEquals(1, value("showcase.connections.open", "endpoint", "echo"));
    }

    @Test
    void aCloseCodeOutsideTheRegisteredOnesIsOtherSoThatClientsCannotAddSeries() {
        FakeSession session = new FakeSession();
        Connection connection = open(session, session.sender());
        connection.closed(new CloseReason(CloseReason.CloseCodes.getCloseCode(4321), "mine"));
        assertEquals(1, value("showcase.connections.closed", "endpoint", "echo", "code", Metrics.OTHER));
    }

    /** A queue overflow is counted; the send in flight then failing, as the client was dropped, is not a send failure too. */
    @Test
    void aQueueOverflowIsCountedOnce() {
        FakeSession session = new FakeSession();
        SessionSender sender = new SessionSender(session.session(), Runnable::run, 1, 1 << 20, 10_000);
        open(session, sender);
        sender.send(Outbound.text("in flight"));
        sender.send(Outbound.text("waiting"));
        sender.send(Outbound.text("one too many"));
        assertEquals(1, value("showcase.send.queue.overflows", "endpoint", "echo"));
        assertEquals(CloseCodes.VIOLATED_POLICY, session.closes().get(0).getCloseCode());
        session.failNext(new IOException("closed while in flight"));
        assertEquals(0, value("showcase.send.failures", "endpoint", "echo", "reason", "error"));
    }

    /**
     * A client dropped because a send timed out or failed is counted by reason, once: the send
     * that then fails because the client was already dropped is not a second failure.
     */
    @Test
    void aTimedOutSendAndAFailedSendAreEachCountedOnceByReason() {
        FakeSession stalled = new FakeSession();
        SessionSender overdue = new SessionSender(stalled.session(), Runnable::run, 10, 1 << 20, 1000);
        open(stalled, overdue);
        overdue.send(Outbound.text("never completes"));
        overdue.dropOverdue();
        overdue.dropOverdue();
        stalled.failNext(new IOException("closed while in flight"));
        assertEquals("client too slow: send timed out after 1000 ms", stalled.closes().get(0).getReasonPhrase());
        assertEquals(1, value("showcase.send.failures", "endpoint", "echo", "reason", "timeout"));
        assertEquals(0, value("showcase.send.failures", "endpoint", "echo", "reason", "error"));

        FakeSession reset = new FakeSession();
        SessionSender failing = new SessionSender(reset.session(), Runnable::run, 10, 1 << 20, 1000);
        open(reset, failing);
        failing.send(Outbound.text("a"));
        failing.send(Outbound.text("b"));
        reset.failNext(new IOException("connection reset"));
        assertEquals(CloseCodes.GOING_AWAY, reset.closes().get(0).getCloseCode());
        assertEquals(1, value("showcase.send.failures", "endpoint", "echo", "reason", "timeout"));
        assertEquals(1, value("showcase.send.failures", "endpoint", "echo", "reason", "error"));
        assertEquals(0, value("showcase.send.queue.overflows", "endpoint", "echo"));
    }

    @Test
    void aRefusalPastALimitIsCountedByReason() {
        MeterRegistry own = new SimpleMeterRegistry();
        Connections full = new Connections(1, 10, Metrics.in(own));
        FakeSession one = new FakeSession();
        FakeSession two = new FakeSession();
        full.open(one.sender(), new Keepalive(null, 0, 0));
        full.open(two.sender(), new Keepalive(null, 0, 0));
        assertEquals(1, own.get("showcase.handshakes.refused").tag("reason", "limit_total").counter().count());
        assertEquals(0, own.get("showcase.handshakes.refused").tag("reason", "limit_address").counter().count());
    }
}
