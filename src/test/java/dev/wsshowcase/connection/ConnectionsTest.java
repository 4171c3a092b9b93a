package dev.wsshowcase.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.liveness.Keepalive;
import dev.wsshowcase.metrics.Metrics;
import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.testsupport.FakeSession;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionsTest {

    private static Connection connection() {
        return connection(null);
    }

    private static Connection connection(String address) {
        SessionSender sender = new FakeSession().sender();
        return new Connection(sender, "echo", address, Metrics.none());
    }

    /** Why {@code connections} refuses {@code connection}, or null if it admits it. */
    private static String admit(Connections connections, Connection connection) {
        Connections.Refusal refusal = connections.admit(connection);
        return refusal == null ? null : refusal.reason();
    }

    @Test
    void eachAddressHasItsLimitAndAllTogetherTheirs() {
        Connections connections = new Connections(5, 2);
        Connection first = connection("10.0.0.1");
        Connection fromTwo = connection("10.0.0.2");
        assertNull(admit(connections, first));
        assertNull(admit(connections, connection("10.0.0.1")));
        assertEquals("too many connections from one address: 2", admit(connections, connection("10.0.0.1")));
        assertNull(admit(connections, fromTwo));
        assertNull(admit(connections, connection(null)));
        assertNull(admit(connections, connection(null)));
        assertEquals("server full: 5 connections", admit(connections, connection("10.0.0.3")));
        assertEquals(5, connections.total());

        connections.release(first);
        connections.release(first);
        assertEquals(1, connections.from("10.0.0.1"), "a second release changes nothing");
        assertEquals(4, connections.open().size());
        assertNull(admit(connections, connection("10.0.0.1")), "a released place is free again");
        connections.release(fromTwo);
        assertEquals(0, connections.from("10.0.0.2"));
        connections.release(connection());
        assertEquals(4, connections.total(), "releasing a connection never admitted changes nothing");
    }

    @Test
    void aRefusedConnectionClosesWith1013AndAnAdmittedOneIsReleasedOnceWhenClosed() {
        Connections connections = new Connections(1, 1);
        Keepalive off = new Keepalive(null, 0, 0);
        FakeSession admittedSession = new FakeSession();
        Connection admitted = assertInstanceOf(Admission.Admitted.class, connections.open(admittedSession.sender(), off)).connection();
        assertEquals(2_000L, admittedSession.session().getUserProperties().get(FakeSession.BLOCKING_SEND_TIMEOUT),
                "on Tomcat a close waits at most 2 s for a message stuck in flight");

        FakeSession refusedSession = new FakeSession();
        Admission refused = connections.open(refusedSession.sender(), off);
        assertEquals(new Admission.Refused("server full: 1 connections"), refused);
        assertEquals(CloseCodes.TRY_AGAIN_LATER, refusedSession.closes().get(0).getCloseCode());
        assertEquals("server full: 1 connections", refusedSession.closes().get(0).getReasonPhrase());
        assertEquals(List.of(admitted), connections.open());

        AtomicInteger released = new AtomicInteger();
        Connection counted = connection();
        counted.whenClosed(released::incrementAndGet);
        counted.closed();
        counted.closed();
        assertEquals(1, released.get());
        admitted.closed();
        admitted.closed();
        assertEquals(List.of(), connections.open());
        assertEquals(0, connections.total());
    }
}
