package dev.wsshowcase.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.testsupport.FakeSession;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionsTest {

    private static SessionSender sender() {
        return new FakeSession().sender();
    }

    @Test
    void eachAddressHasItsLimitAndAllTogetherTheirs() {
        Connections connections = new Connections(5, 2);
        SessionSender first = sender();
        SessionSender fromTwo = sender();
        assertNull(connections.admit(first, "10.0.0.1"));
        assertNull(connections.admit(sender(), "10.0.0.1"));
        assertEquals("too many connections from one address: 2", connections.admit(sender(), "10.0.0.1"));
        assertNull(connections.admit(fromTwo, "10.0.0.2"));
        assertNull(connections.admit(sender(), null));
        assertNull(connections.admit(sender(), null));
        assertEquals("server full: 5 connections", connections.admit(sender(), "10.0.0.3"));
        assertEquals(5, connections.total());

        connections.release(first);
        connections.release(first);
        assertEquals(1, connections.from("10.0.0.1"), "a second release changes nothing");
        assertEquals(4, connections.open().size());
        assertNull(connections.admit(sender(), "10.0.0.1"), "a released place is free again");
        connections.release(fromTwo);
        assertEquals(0, connections.from("10.0.0.2"));
        connections.release(sender());
        assertEquals(4, connections.total(), "releasing a connection never admitted changes nothing");
    }

    @Test
    void aRefusedSenderClosesWith1013AndAnAdmittedOneIsReleasedOnceWhenClosed() {
        FakeSession refusedSession = new FakeSession();
        SessionSender refused = refusedSession.sender();
        refused.refuse("server full: 5 connections");
        assertTrue(refused.refused());
        assertEquals(CloseCodes.TRY_AGAIN_LATER, refusedSession.closes().get(0).getCloseCode());
        assertEquals("server full: 5 connections", refusedSession.closes().get(0).getReasonPhrase());

        SessionSender admitted = sender();
        AtomicInteger released = new AtomicInteger();
        admitted.whenClosed(released::incrementAndGet);
        admitted.closed();
        admitted.closed();
        assertEquals(1, released.get());
        assertEquals(List.of(), new Connections(1, 1).open());
    }
}
