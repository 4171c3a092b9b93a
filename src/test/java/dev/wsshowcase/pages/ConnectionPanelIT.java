package dev.wsshowcase.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.wsshowcase.send.SessionSender;
import dev.wsshowcase.testsupport.BrowserTests;
import dev.wsshowcase.testsupport.BrowserUsers;
import dev.wsshowcase.testsupport.NeedsServletContainer;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.TcpProxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The connection panel as a newcomer meets it: each page opened without parameters and every
 * button of its panel clicked in turn (on the chat page Connect first, before Join), with no
 * script error, console error, HTTP error or failed WebSocket on the way; and a server that
 * cannot be reached, which the panel tries a few times, then stops and says so.
 *
 * <p>Every page is watched by {@link BrowserUsers}; only the failures a test causes on purpose
 * are allowed, by their URL. Screenshots go to {@code target/screenshots/<runtime>/}.
 */
@ShowcaseIT
@NeedsServletContainer
@Execution(ExecutionMode.SAME_THREAD) // Playwright objects are not thread-safe
class ConnectionPanelIT {

    @RegisterExtension
    static final BrowserTests browser = new BrowserTests();

    private static void open(Page page, URI url) {
        Response response = page.navigate(url.toString());
        assertNotNull(response, url.toString());
        assertEquals(200, response.status(), url.toString());
    }

    private static void awaitOpen(Page page) {
        assertThat(page.locator("#ready-state")).hasText("1 OPEN");
    }

    private static void screenshot(Page page, Target server, String name) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", server.runtime(), name + ".png")));
    }

    /** Disconnect, Connect, the reconnect switch and Clear, on a page whose panel is open. */
    private static void clickThroughThePanel(Page page) {
        Locator connect = page.locator("#connect");
        Locator disconnect = page.locator("#disconnect");
        Locator log = page.locator("#event-log");
        assertThat(connect).isDisabled();
        disconnect.click();
        assertThat(page.locator("#ready-state")).hasText("3 CLOSED");
        assertThat(log).containsText("1000 normal closure");
        assertThat(disconnect).isDisabled();
        connect.click();
        awaitOpen(page);
        Locator autoReconnect = page.locator("#auto-reconnect");
        autoReconnect.uncheck();
        assertThat(autoReconnect).not().isChecked();
        autoReconnect.check();
        assertThat(autoReconnect).isChecked();
        page.locator("#clear-log").click();
        assertThat(log.locator("li.log-open, li.log-close, li.log-connecting")).hasCount(0);
        assertThat(page.locator("#reconnect-count")).hasText("0");
        assertThat(page.locator("#connection-status")).hasText("");
    }

    @Test
    void aNewcomerClicksEveryPanelButtonOnTheIndexEchoAndClockPages(Target server) {
        Page page = browser.users().newUser("en-US");
        open(page, server.http(""));
        assertThat(page.locator("#server-info")).not().hasText("…");
        for (String name : List.of("echo.html", "clock.html")) {
            open(page, server.http(name));
            awaitOpen(page);
            clickThroughThePanel(page);
        }
    }

    @Test
    void onTheChatPageConnectJoinsTheRoomTheFormNames(Target server) {
        // Someone else is in the lobby, so that it stays the same room while the newcomer comes and goes.
        Page keeper = browser.users().newUser("en-US");
        open(keeper, server.http("chat.html?room=lobby&name=keeper-" + UUID.randomUUID().toString().substring(0, 6)));
        awaitOpen(keeper);
        Page page = browser.users().newUser("en-US");
        open(page, server.http("chat.html"));
        Locator messages = page.locator("#chat-messages");
        assertThat(page.locator("#room")).hasValue("lobby");
        assertThat(page.locator("#connection-url")).hasText(server.ws("chat/lobby").toString());
        assertThat(page.locator("#connect")).hasAttribute("title", "Joins the room named above, under the nickname given");

        page.locator("#connect").click();
        awaitOpen(page);
        assertThat(messages).containsText(Pattern.compile("You joined lobby as guest-[0-9]+\\."));
        String guest = page.locator("#members li.me button").textContent();
        String hello = "hello from " + guest;
        page.locator("#message").fill(hello);
        page.locator("#send-form button[type=submit]").click();
        assertThat(messages.locator("li.message.own .text")).hasText(new String[] {hello});

        page.locator("#disconnect").click();
        assertThat(page.locator("#ready-state")).hasText("3 CLOSED");
        assertThat(page.locator("#message")).isDisabled();
        page.locator("#connect").click();
        awaitOpen(page);
        assertThat(messages).containsText("Reconnected to lobby as " + guest + ".");
        assertThat(page.locator("#connection-url")).containsText("name=" + guest + "&since=");
        assertThat(page.locator("#connection-url")).containsText("&epoch=");
        assertThat(messages.locator("li.message.own .text")).hasText(new String[] {hello});
        assertThat(messages.locator("li.notice-gap")).hasCount(0);

        page.locator("#clear-log").click();
        page.locator("#auto-reconnect").uncheck();
        page.locator("#auto-reconnect").check();

        String name = "new-" + UUID.randomUUID().toString().substring(0, 6);
        page.locator("#nickname").fill(name);
        page.locator("#join-form button[type=submit]").click();
        assertThat(messages).containsText("You joined lobby as " + name + ".");
        assertThat(messages.locator("li.message .text").last()).hasText(hello);

        page.locator("#new-name").fill(name + "x");
        page.locator("#rename-form button[type=submit]").click();
        assertThat(messages).containsText(name + " is now " + name + "x.");
        assertThat(page.locator("#reconnect-count")).hasText("0");
        page.locator("#disconnect").click();
        assertThat(page.locator("#ready-state")).hasText("3 CLOSED");
    }

    @Test
    void onTheChatPageConnectWithNoRoomAsksForOne(Target server) {
        Page page = browser.users().newUser("en-US");
        open(page, server.http("chat.html"));
        page.locator("#room").fill("");
        page.locator("#connect").click();
        assertThat(page.locator("#room")).isFocused();
        assertEquals(Boolean.FALSE, page.locator("#room").evaluate("input => input.validity.valid"));
        assertThat(page.locator("#ready-state")).hasText("3 CLOSED");
        assertThat(page.locator("#event-log li")).hasCount(0);
    }

    /**
     * A 1008 that says the client was too slow to read (the server's send queue or send timeout
     * for it) is followed by a reconnect, as a drop is; a 1008 for what the client sent (its rate)
     * is not, as it would only repeat. The WebSocket is the browser's own, its server a mock in
     * the browser (Playwright's routeWebSocket) that closes when the test says.
     */
    @Test
    void aClientDroppedForReadingTooSlowlyReconnectsAndOneRefusedForWhatItSentDoesNot(Target server) {
        Page page = browser.users().newUser("en-US");
        List<WebSocketRoute> sockets = new ArrayList<>();
        page.routeWebSocket(Pattern.compile("^ws://.*/echo$"), sockets::add); // never connected to the server: a mock
        open(page, server.http("echo.html"));
        awaitOpen(page);
        Limits limits = Limits.of(page);
        assertEquals(1, sockets.size());
        Locator log = page.locator("#event-log");

        sockets.get(0).close(new WebSocketRoute.CloseOptions().setCode(1008).setReason(SessionSender.TOO_SLOW));
        assertThat(log.locator("li.log-close")).containsText(SessionSender.TOO_SLOW);
        page.waitForCondition(() -> sockets.size() == 2,
                new Page.WaitForConditionOptions().setTimeout(limits.longestDelayAfter(1) + 10_000));
        awaitOpen(page);
        assertThat(page.locator("#reconnect-count")).hasText("1");

        sockets.get(1).close(new WebSocketRoute.CloseOptions().setCode(1008).setReason("message rate exceeded"));
        assertThat(log.locator("li.log-close").last()).containsText("message rate exceeded");
        assertThat(page.locator("#ready-state")).hasText("3 CLOSED");
        // Had it reconnected, the attempt would have started within this window.
        assertThrows(TimeoutError.class, () -> page.waitForCondition(() -> sockets.size() > 2,
                new Page.WaitForConditionOptions().setTimeout(limits.longestDelayAfter(1) + 2_000)));
        assertThat(page.locator("#connect")).isEnabled();
    }

    /** The panel's limits, read from the page: connection.js is their one source. */
    private record Limits(int failedHandshakes, long baseDelay, long maxDelay) {

        static Limits of(Page page) {
            @SuppressWarnings("unchecked")
            Map<String, Object> limits = (Map<String, Object>) page.evaluate("async () => {"
                    + " const module = await import('./js/connection.js');"
                    + " const connection = window.showcase.connection;"
                    + " return { failed: module.MAX_FAILED_HANDSHAKES, base: connection.baseDelay, max: connection.maxDelay }; }");
            return new Limits(((Number) limits.get("failed")).intValue(), ((Number) limits.get("base")).longValue(),
                    ((Number) limits.get("max")).longValue());
        }

        /** The longest the panel waits before attempt {@code n + 1} after {@code n} failures in a row (full jitter). */
        long longestDelayAfter(int n) {
            return Math.min(maxDelay, baseDelay << Math.min(n - 1, 16));
        }

        /** The longest the panel can take to make {@code n} attempts in a row, waits included. */
        long longestUntilAttempt(int n) {
            long total = 0;
            for (int k = 1; k < n; k++) {
                total += longestDelayAfter(k);
            }
            return total;
        }
    }

    @Test
    void aServerThatCannotBeReachedIsTriedAFewTimesThenThePanelStopsAndSaysSo(Target server) throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        try (TcpProxy proxy = new TcpProxy(server.httpBase().getHost(), server.httpBase().getPort())) {
            URI viaProxy = URI.create("http://127.0.0.1:" + proxy.port() + server.httpBase().getRawPath());
            String endpoint = "ws://127.0.0.1:" + proxy.port() + server.httpBase().getRawPath() + "echo";
            browser.users().expectFailuresTo(Pattern.compile(Pattern.quote(endpoint)));
            Page page = browser.users().newUser("en-US");
            page.onWebSocket(socket -> attempts.add(socket.url()));
            open(page, viaProxy.resolve("echo.html"));
            awaitOpen(page);
            Limits limits = Limits.of(page);
            page.locator("#disconnect").click();
            assertThat(page.locator("#ready-state")).hasText("3 CLOSED");
            page.locator("#clear-log").click();

            proxy.close(); // from now on nothing listens on its port
            int before = attempts.size();
            page.locator("#connect").click();
            int n = limits.failedHandshakes();
            // All n attempts with their longest waits, and time for n failed handshakes on a busy machine.
            double untilStopped = limits.longestUntilAttempt(n) + 15_000;
            assertThat(page.locator("#connection-status")).hasText("Stopped: the server refused the connection or could "
                    + "not be reached (the handshake failed " + n + " times in a row). Check the address and the server, "
                    + "then press Connect to try again.", new LocatorAssertions.HasTextOptions().setTimeout(untilStopped));
            assertEquals(n, attempts.size() - before, () -> "attempts " + attempts);
            assertEquals(List.of(endpoint), attempts.stream().skip(before).distinct().toList());

            // Had it gone on, attempt n + 1 would have started within this window.
            double window = limits.longestDelayAfter(n) + 1_000;
            assertThrows(TimeoutError.class, () -> page.waitForCondition(() -> attempts.size() > before + n,
                    new Page.WaitForConditionOptions().setTimeout(window)), () -> "attempts " + attempts);

            Locator log = page.locator("#event-log");
            assertThat(log.locator("li.log-close")).hasCount(n);
            assertThat(log.locator("li.log-close").last()).containsText("the handshake failed (" + n + " in a row)");
            assertThat(log.locator("li.log-stop")).hasText(Pattern.compile(" stop after " + n + " failed handshakes in a "
                    + "row: the server refused the connection or could not be reached$"));
            assertThat(page.locator("#ready-state")).hasText("3 CLOSED");
            assertThat(page.locator("#reconnect-count")).hasText(String.valueOf(n - 1));
            assertThat(page.locator("#connect")).isEnabled();
            assertThat(page.locator("#disconnect")).isDisabled();
            screenshot(page, server, "echo-refused");

            page.locator("#language").selectOption("zh-CN");
            assertThat(page.locator("#connection-status")).hasText("已停止：服务器拒绝了连接或无法访问（握手连续失败 " + n
                    + " 次）。请检查地址和服务器，然后点击“连接”重试。");
            screenshot(page, server, "echo-refused-zh");
            assertEquals(before + n, attempts.size(), () -> "attempts " + attempts);
        }
    }

    @Test
    void aConnectionThatWasOpenKeepsTryingPastThatLimitAfterItDrops(Target server) throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        try (TcpProxy proxy = new TcpProxy(server.httpBase().getHost(), server.httpBase().getPort())) {
            URI viaProxy = URI.create("http://127.0.0.1:" + proxy.port() + server.httpBase().getRawPath());
            browser.users().expectFailuresTo(Pattern.compile("(ws|http)://127\\.0\\.0\\.1:" + proxy.port() + "/.*"));
            Page page = browser.users().newUser("en-US");
            page.onWebSocket(socket -> attempts.add(socket.url()));
            open(page, viaProxy.resolve("echo.html"));
            awaitOpen(page);
            Limits limits = Limits.of(page);
            int n = limits.failedHandshakes();
            int before = attempts.size();

            proxy.refuse(true);
            proxy.cut();
            assertThat(page.locator("#event-log")).containsText("1006 abnormal closure");
            double longest = 1_000;
            for (int i = 1; i <= n + 1; i++) {
                longest += limits.longestDelayAfter(i) + 500;
            }
            page.waitForCondition(() -> attempts.size() > before + n, new Page.WaitForConditionOptions().setTimeout(longest));
            assertThat(page.locator("#connection-status")).hasText("");
            assertThat(page.locator("#event-log li.log-stop")).hasCount(0);
            assertThat(page.locator("#disconnect")).isEnabled();

            proxy.refuse(false);
            assertThat(page.locator("#ready-state")).hasText("1 OPEN",
                    new LocatorAssertions.HasTextOptions().setTimeout(limits.longestDelayAfter(n + 2) + 10_000));
        }
    }
}
