package dev.wsshowcase.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsshowcase.ShowcaseListener;
import dev.wsshowcase.connection.Admission;
import dev.wsshowcase.testsupport.FakeSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The application's lifecycle: what stopping does to the sessions still open. */
class ShowcaseTest {

    @AfterEach
    void startAfresh() {
        Showcase.reset();
    }

    @Test
    void stoppingClosesEveryOpenSessionWith1001AndForgetsNothingItCounted() {
        Showcase showcase = Showcase.start(Settings.load(ShowcaseListener.SETTINGS, name -> null, name -> null, name -> null));
        FakeSession one = new FakeSession();
        FakeSession two = new FakeSession();
        FakeSession gone = new FakeSession();
        showcase.admit(one.session());
        showcase.admit(two.session());
        ((Admission.Admitted) showcase.admit(gone.session())).connection().closed();
        assertEquals(2, showcase.connections().total());

        Showcase.stop();

        for (FakeSession session : List.of(one, two)) {
            List<CloseReason> closes = session.closes();
            assertEquals(1, closes.size());
            assertEquals(CloseCodes.GOING_AWAY, closes.get(0).getCloseCode());
            assertEquals(Showcase.STOPPING, closes.get(0).getReasonPhrase());
        }
        assertEquals(List.of(), gone.closes(), "a session already closed is left alone");
        assertThrows(IllegalStateException.class, Showcase::current, "a stopped application does not start again by itself");
    }
}
