package dev.wsshowcase.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import dev.wsshowcase.testsupport.BrowserUsers;
import dev.wsshowcase.testsupport.Browsers;
import dev.wsshowcase.testsupport.NeedsTomcat;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.TomcatManager;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The server drops every connection: Tomcat's manager reloads a copy of the application while
 * the echo and chat pages are connected to it. The pages see 1001, retry while the application
 * is down, and carry on once it is back; the chat says that its room started anew (a reload
 * forgets the rooms). Runs in the Tomcat executions only.
 */
@ShowcaseIT
@NeedsTomcat
@Execution(ExecutionMode.SAME_THREAD)
class TomcatReloadBrowserIT {

    private static final String PATH = "/reload-check";

    @Test
    void thePagesReconnectWhenTheApplicationIsReloaded(Target server) throws Exception {
        try (Browsers.Launched launched = Browsers.launch(); BrowserUsers users = new BrowserUsers(launched.browser())) {
            TomcatManager manager = new TomcatManager(server);
            manager.deployBuiltWar(PATH);
            try {
                URI base = manager.root().resolve(PATH + "/");
                // While the application is down, the browser reports each failed attempt.
                users.expectFailuresTo(Pattern.compile("ws://[^/]+" + PATH + "/.*"));
                Page echo = users.newUser("en-US");
                echo.navigate(base.resolve("echo.html").toString());
                assertThat(echo.locator("#ready-state")).hasText("1 OPEN");
                Page chat = users.newUser("en-US");
                chat.navigate(base.resolve("chat.html?room=reload&name=alice").toString());
                assertThat(chat.locator("#ready-state")).hasText("1 OPEN");
                chat.locator("#message").fill("before the reload");
                chat.locator("#message").press("Enter");
                assertThat(chat.locator("#chat-messages li.message .text")).hasText("before the reload");

                manager.reload(PATH);

                for (Page page : List.of(echo, chat)) {
                    assertThat(page.locator("#event-log")).containsText("1001 going away");
                    assertThat(page.locator("#event-log")).containsText("reconnecting in");
                    assertThat(page.locator("#reconnect-count")).not().hasText("0");
                    assertThat(page.locator("#ready-state")).hasText("1 OPEN");
                }
                echo.locator("#text").fill("after the reload");
                echo.locator("#text").press("Enter");
                assertThat(echo.locator("#messages li.echo-received .content")).hasText("after the reload");

                assertThat(chat.locator("#chat-messages")).containsText("Room reload started anew while you were away.");
                chat.locator("#message").fill("after the reload");
                chat.locator("#message").press("Enter");
                assertThat(chat.locator("#chat-messages li.message .text")).hasText(new String[] {"before the reload", "after the reload"});
            } finally {
                manager.undeploy(PATH);
            }
            assertEquals(List.of(), users.problems(), "script errors, console errors, CSP violations or dialogs");
        }
    }
}
