package dev.wsshowcase.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wsshowcase.testsupport.DrainWindow;
import dev.wsshowcase.testsupport.NeedsOwnPayara;
import dev.wsshowcase.testsupport.PayaraMicro;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.WsClient;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Stopping Payara (SIGTERM) drains: every session is closed with 1001, the closes spread over
 * the drain window; our threads stop; a fresh start serves again. Uses a Payara Micro of its own (the suite's must stay up). Runs in the Payara
 * execution only.
 */
@ShowcaseIT
@NeedsOwnPayara
@Execution(ExecutionMode.SAME_THREAD)
class PayaraStopIT {

    @Test
    void stoppingPayaraClosesEverySessionWith1001SpreadOverTheDrainAndAFreshStartServesAgain(Target server) throws Exception {
        int port = PayaraMicro.freePort();
        Path logs = Path.of("target", "payara-stop");
        try (PayaraMicro micro = PayaraMicro.start(port, logs.resolve("first.log"));
             WsClient clock = WsClient.connect(micro.ws("clock"));
             WsClient chat = WsClient.connect(micro.ws("chat/stop?name=ada"));
             WsClient echo = WsClient.connect(micro.ws("echo"))) {
            clock.awaitText(text -> text.contains("\"type\":\"tick\""));
            chat.awaitText(text -> text.contains("\"type\":\"welcome\""));
            echo.send("hello");
            assertEquals("hello", echo.awaitText());

            micro.stop();

            for (WsClient client : List.of(clock, chat, echo)) {
                CloseReason reason = client.awaitClose();
                assertEquals(CloseCodes.GOING_AWAY, reason.getCloseCode());
                assertEquals(Showcase.STOPPING, reason.getReasonPhrase());
            }
            DrainWindow.assertSpread(List.of(clock, chat, echo));
            String output = micro.output();
            assertFalse(output.contains("did not stop"), "a thread of ours outlived the application:\n" + output);
            assertFalse(output.contains("were interrupted"), "tasks were still running at shutdown:\n" + output);
        }
        try (PayaraMicro again = PayaraMicro.start(port, logs.resolve("second.log"));
             WsClient clock = WsClient.connect(again.ws("clock"))) {
            clock.awaitText(text -> text.contains("\"type\":\"tick\""));
        }
    }
}
