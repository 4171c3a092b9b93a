package dev.wsshowcase.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.FilePayload;
import dev.wsshowcase.testsupport.BrowserTests;
import dev.wsshowcase.testsupport.BrowserUsers;
import dev.wsshowcase.testsupport.Json;
import dev.wsshowcase.testsupport.NeedsLocalChat;
import dev.wsshowcase.testsupport.NeedsOneNode;
import dev.wsshowcase.testsupport.NeedsServletContainer;
import dev.wsshowcase.testsupport.Poll;
import dev.wsshowcase.testsupport.Scrapes;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.TcpProxy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The bundled pages in a real Chromium against the built WAR on a real container: each page's
 * main flow, two users chatting, markup shown as text under the Content-Security-Policy, a chat
 * that recovers what it missed after the connection drops, and one whose room started anew.
 *
 * <p>Every page of every test is watched ({@link BrowserUsers}): a script error, a console
 * error, a CSP violation, an HTTP error or a failed WebSocket fails the test. Screenshots go to
 * {@code target/screenshots/<runtime>/}.
 */
@ShowcaseIT
@NeedsServletContainer
@Execution(ExecutionMode.SAME_THREAD) // Playwright objects are not thread-safe
class PagesIT {

    private static final String MARKUP = "<img src=x onerror=alert(1)>";
    @RegisterExtension
    static final BrowserTests browser = new BrowserTests();

    private Page user(String locale) {
        return browser.users().newUser(locale);
    }

    private Page user() {
        return user("en-US");
    }

    private static Response open(Page page, String url) {
        Response response = page.navigate(url);
        assertNotNull(response, url);
        assertEquals(200, response.status(), url);
        return response;
    }

    private static void awaitOpen(Page page) {
        assertThat(page.locator("#ready-state")).hasText("1 OPEN");
    }

    private static void screenshot(Page page, Target server, String name) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", server.runtime(), name + ".png")));
    }

    @Test
    // The page and its WebSocket must reach the same node: behind a balancer each may reach another
    @NeedsOneNode
    void theIndexShowsTheServerAndEveryPageConnectsUnderTheSecurityPolicy(Target server) throws Exception {
        Page page = user();
        Response index = open(page, server.http("").toString());
        Map<String, Object> info = Json.object(get(server.http("api/info")));
        String reported = (String) info.get("server");
        assertThat(page.locator("#server-info")).hasText(reported);
        String node = (String) info.get("node");
        assertThat(page.locator("#node-info")).hasText("page served by " + node + ", WebSocket reached " + node);
        assertThat(page.locator("#browser-support")).hasText("supports WebSocket");
        assertThat(page.locator("code[data-endpoint='echo']")).hasText(server.ws("echo").toString());
        screenshot(page, server, "index");
        assertPolicy(index);

        for (String[] link : new String[][] {{"Echo", "echo.html"}, {"Clock", "clock.html"}, {"Chat", "chat.html"}}) {
            page.navigate(server.http("").toString());
            String target = server.http(link[1]).toString();
            Response response = page.waitForResponse(target,
                    () -> page.locator("header nav").getByText(link[0], new Locator.GetByTextOptions().setExact(true)).click());
            page.waitForURL(target);
            assertPolicy(response);
            if (!"chat.html".equals(link[1])) { // the chat connects once a room is chosen
                awaitOpen(page);
            }
        }
        for (String asset : List.of("css/showcase.css", "js/connection.js", "api/info")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.http(asset)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), asset);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), asset);
        }
    }

    private static void assertPolicy(Response response) {
        String policy = response.headerValue("content-security-policy");
        assertNotNull(policy, "Content-Security-Policy header on " + response.url());
        assertTrue(policy.contains("script-src 'self'"), policy);
        assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval"), policy);
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), uri.toString());
        return response.body();
    }

    @Test
    void theEchoPageEchoesTextBytesAndFilesAndItsSelfTestPasses(Target server) {
        Page page = user();
        open(page, server.http("echo.html").toString());
        awaitOpen(page);
        Locator received = page.locator("#messages li.echo-received");

        page.locator("#text").fill("héllo 你好");
        page.locator("#text").press("Enter");
        assertThat(received.last().locator(".content")).hasText("héllo 你好");
        assertThat(received.last().locator(".rtt")).containsText("RTT");

        page.locator("#bytes").fill("zz");
        page.getByText("Send bytes").click();
        assertThat(page.locator("#bytes-error")).containsText("pairs of hex digits");
        page.locator("#bytes").fill("48 65 6c 6c 6f 00 ff");
        page.getByText("Send bytes").click();
        assertThat(received.last().locator(".content")).hasText("7 bytes: 48 65 6c 6c 6f 00 ff");

        byte[] file = new byte[70_000];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) (i * 31);
        }
        page.locator("#file").setInputFiles(new FilePayload("data.bin", "application/octet-stream", file));
        page.getByText("Send file").click();
        assertThat(received.last().locator(".content")).containsText("70000 bytes: 00 1f 3e 5d");
        assertThat(page.locator("#sent-count")).hasText("3");
        assertThat(page.locator("#received-count")).hasText("3");

        page.getByText("Run self-test").click();
        assertThat(page.locator("#selftest-summary")).hasText("All checks passed.", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
        String report = page.locator("#selftest-report").inputValue();
        for (String step : List.of("support", "handshake", "text", "binary", "large", "rtt", "close")) {
            assertTrue(report.contains("PASS " + step + ":"), () -> step + " in\n" + report);
        }
        assertTrue(Pattern.compile("PASS rtt: 50 messages · median [0-9.]+ ms · p95 [0-9.]+ ms").matcher(report).find(), report);
        assertTrue(report.contains("Endpoint: " + server.ws("echo")), report);
        assertTrue(report.endsWith("RESULT: PASS"), report);
        screenshot(page, server, "echo");
    }

    @Test
    void theClockPageShowsTheServerTimeInTheChosenZoneWithOffsetAndRoundTrip(Target server) {
        Page page = user();
        open(page, server.http("clock.html").toString());
        awaitOpen(page);
        page.locator("#zone").selectOption("Asia/Shanghai");
        assertThat(page.locator("#clock-date")).containsText("+08:00 · Asia/Shanghai");
        LocalTime shown = LocalTime.parse(page.locator("#clock-time").textContent());
        LocalTime expected = ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).toLocalTime();
        long apart = Math.abs(Duration.between(shown, expected).toSeconds());
        assertTrue(apart < 5 || apart > 86_400 - 5, () -> "shown " + shown + ", Shanghai time " + expected);

        page.locator("#interval").selectOption("2");
        assertThat(page.locator("#event-log")).containsText("\"interval\":2");
        assertThat(page.locator("#clock-rtt")).hasText(Pattern.compile("[0-9]+\\.[0-9] ms"));
        assertThat(page.locator("#clock-offset")).hasText(Pattern.compile("[+−][0-9]+\\.[0-9] ms \\(the server is (ahead|behind)\\)"));
        screenshot(page, server, "clock");
    }

    private static String room() {
        return "p" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Page joinChat(Page page, URI base, String room, String name) {
        open(page, base.resolve("chat.html?room=" + room + "&name=" + name).toString());
        awaitOpen(page);
        return page;
    }

    /** The node the chat page says its WebSocket reached, once it says one: one of {@code nodes}. */
    private static String shownNode(Page page, Set<String> nodes) {
        assertThat(page.locator("#chat-node")).hasAttribute("data-node", Pattern.compile(".+"));
        String shown = page.locator("#chat-node").getAttribute("data-node");
        assertTrue(nodes.contains(shown), "the page names a node that serves the application: " + shown + " of " + nodes);
        return shown;
    }

    @Test
    void twoUsersChatFromSeparateBrowsers(Target server) throws Exception {
        String room = room();
        // behind a balancer over nodes each request may reach another one: the nodes that answer
        Set<String> nodes = Scrapes.nodeIds(server);
        Page alice = joinChat(user(), server.httpBase(), room, "alice");
        assertThat(alice.locator("#chat-messages")).containsText("You joined " + room + " as alice.");
        assertThat(alice.locator("#chat-node")).hasText("WebSocket reached node " + shownNode(alice, nodes));
        Page bob = joinChat(user(), server.httpBase(), room, "bob");
        assertThat(alice.locator("#chat-messages")).containsText("bob joined.");
        assertThat(alice.locator("#members")).containsText("bob");

        alice.locator("#message").pressSequentially("hello bob");
        assertThat(bob.locator("#typing")).hasText("alice is typing…");
        alice.locator("#message").press("Enter");
        Locator bobsLast = bob.locator("#chat-messages li.message").last();
        assertThat(bobsLast.locator(".from")).hasText("alice");
        assertThat(bobsLast.locator(".text")).hasText("hello bob");
        assertThat(bob.locator("#typing")).hasText("");
        assertThat(alice.locator("#chat-messages li.message.own .text")).hasText("hello bob");
        assertThat(bob.locator("#chat-messages li.message.own")).hasCount(0);

        bob.locator("#members button", new Page.LocatorOptions().setHasText("alice")).click();
        assertThat(bob.locator("#to")).hasValue("alice");
        bob.keyboard().type("just for you");
        bob.keyboard().press("Enter");
        assertThat(alice.locator("#chat-messages li.private .text")).hasText("just for you");
        assertThat(alice.locator("#chat-messages li.private .from")).hasText("bob");

        bob.locator("#new-name").fill("robert");
        bob.locator("#new-name").press("Enter");
        assertThat(alice.locator("#chat-messages")).containsText("bob is now robert.");
        assertThat(alice.locator("#members li")).hasText(new String[] {"alice (you)", "robert"});

        Page carol = joinChat(user("zh-CN"), server.httpBase(), room, "carol");
        assertThat(carol.locator("#chat-messages li.message .text")).hasText("hello bob");
        assertThat(carol.locator("#chat-messages")).containsText("你以 carol 的身份加入了 " + room + "。");
        assertThat(carol.locator("h1 [data-i18n='chat.title']")).hasText("聊天");
        String carolsNode = shownNode(carol, nodes);
        assertThat(carol.locator("#chat-node")).hasText("WebSocket 连到节点 " + carolsNode);
        carol.locator("#language").selectOption("en");
        assertThat(carol.locator("h1 [data-i18n='chat.title']")).hasText("Chat");
        assertThat(carol.locator("#chat-node")).hasText("WebSocket reached node " + carolsNode);
        screenshot(alice, server, "chat");

        alice.setViewportSize(390, 844);
        assertTrue((Boolean) alice.evaluate("document.documentElement.scrollWidth <= window.innerWidth"),
                "no sideways scrolling at phone width");
        screenshot(alice, server, "chat-phone");
    }

    @Test
    void markupInNicknamesAndMessagesIsShownAsText(Target server) {
        String room = room();
        Page page = user();
        // As a link would carry it: the page takes ?name= as given (the form field stops at 24 characters).
        open(page, server.http("chat.html?room=" + room + "&name=" + URLEncoder.encode(MARKUP, StandardCharsets.UTF_8)).toString());
        awaitOpen(page);
        Locator refusal = page.locator("#chat-messages li.notice-error");
        assertThat(refusal).containsText("The nickname “" + MARKUP + "” was refused:");
        assertThat(page.locator("#chat-messages")).containsText("as guest-");

        page.locator("#message").fill(MARKUP);
        page.locator("#message").press("Enter");
        assertThat(page.locator("#chat-messages li.message .text")).hasText(MARKUP);
        assertThat(page.locator("#chat-messages img")).hasCount(0);

        page.navigate(server.http("echo.html").toString());
        awaitOpen(page);
        page.locator("#text").fill(MARKUP);
        page.locator("#text").press("Enter");
        assertThat(page.locator("#messages li.echo-received .content")).hasText(MARKUP);
        assertThat(page.locator("#messages img, #event-log img")).hasCount(0);
    }

    @Test
    void theChatRecoversWhatItMissedAfterTheConnectionDrops(Target server) throws Exception {
        String room = room();
        try (TcpProxy proxy = new TcpProxy(server.httpBase().getHost(), server.httpBase().getPort())) {
            URI viaProxy = URI.create("http://127.0.0.1:" + proxy.port() + server.httpBase().getRawPath());
            Page alice = joinChat(user(), server.httpBase(), room, "alice");
            Page bob = joinChat(user(), viaProxy, room, "bob");
            alice.locator("#message").fill("one");
            alice.locator("#message").press("Enter");
            Locator bobsTexts = bob.locator("#chat-messages li.message .text");
            assertThat(bobsTexts).hasText(new String[] {"one"});

            browser.users().expectFailuresTo(Pattern.compile("(ws|http)://127\\.0\\.0\\.1:" + proxy.port() + "/.*"));
            proxy.refuse(true);
            proxy.cut();
            assertThat(bob.locator("#event-log")).containsText("1006 abnormal closure");
            assertThat(bob.locator("#event-log")).containsText("reconnecting in");
            assertThat(alice.locator("#chat-messages")).containsText("bob left.");
            for (String text : List.of("two", "three")) {
                alice.locator("#message").fill(text);
                alice.locator("#message").press("Enter");
            }
            assertThat(alice.locator("#chat-messages li.message .text")).hasText(new String[] {"one", "two", "three"});

            proxy.refuse(false);
            assertThat(bob.locator("#chat-messages")).containsText("Reconnected to " + room,
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(45_000));
            awaitOpen(bob);
            alice.locator("#message").fill("four");
            alice.locator("#message").press("Enter");
            assertThat(bobsTexts).hasText(new String[] {"one", "two", "three", "four"});
            assertThat(bob.locator("#chat-messages li.notice-gap")).hasCount(0);
            screenshot(bob, server, "chat-reconnected");
        }
    }

    @Test
    // On Redis the emptied room is not removed: it keeps its seq, history and epoch (README, "What it guarantees")
    @NeedsLocalChat
    void theChatSaysTheRoomStartedAnewWhenItWasEmptiedWhileTheConnectionWasDown(Target server) throws Exception {
        String room = room();
        try (TcpProxy proxy = new TcpProxy(server.httpBase().getHost(), server.httpBase().getPort())) {
            URI viaProxy = URI.create("http://127.0.0.1:" + proxy.port() + server.httpBase().getRawPath());
            Page alice = joinChat(user(), viaProxy, room, "alice");
            for (String text : List.of("old one", "old two")) {
                alice.locator("#message").fill(text);
                alice.locator("#message").press("Enter");
            }
            Locator alicesTexts = alice.locator("#chat-messages li.message .text");
            assertThat(alicesTexts).hasText(new String[] {"old one", "old two"});

            browser.users().expectFailuresTo(Pattern.compile("(ws|http)://127\\.0\\.0\\.1:" + proxy.port() + "/.*"));
            proxy.refuse(true);
            proxy.cut();
            assertThat(alice.locator("#event-log")).containsText("1006 abnormal closure");
            // alice was alone: the server removes the room; bob's join starts it anew, numbered from 1 again
            Page bob = user();
            Poll.until(Duration.ofSeconds(15), Duration.ofMillis(500), "room " + room + " without alice", () -> {
                open(bob, server.http("chat.html?room=" + room + "&name=bob").toString());
                assertThat(bob.locator("#chat-messages")).containsText("You joined " + room + " as bob.");
                return bob.locator("#members li").count() == 1 ? true : null;
            });
            bob.locator("#message").fill("new one");
            bob.locator("#message").press("Enter");
            assertThat(bob.locator("#chat-messages li.message .text")).hasText(new String[] {"new one"});

            proxy.refuse(false);
            assertThat(alice.locator("#chat-messages")).containsText("Reconnected to " + room,
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(45_000));
            awaitOpen(alice);
            bob.locator("#message").fill("new two");
            bob.locator("#message").press("Enter");
            // what was on screen stays; the new room's history follows the notice, each message once
            assertThat(alicesTexts).hasText(new String[] {"old one", "old two", "new one", "new two"});
            Locator restarted = alice.locator("#chat-messages li.notice-gap");
            assertThat(restarted).hasCount(1);
            assertThat(restarted).containsText("Room " + room + " started anew while you were away.");
            assertThat(alice.locator("#chat-messages li.notice-gap ~ li.message .text")).hasText(new String[] {"new one", "new two"});
            screenshot(alice, server, "chat-room-restarted");
        }
    }
}
