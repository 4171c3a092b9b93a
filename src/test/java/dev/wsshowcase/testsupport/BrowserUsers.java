package dev.wsshowcase.testsupport;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated users of one browser test: each has its own browser context (cookies, storage),
 * and every page is watched for script errors, console errors, Content-Security-Policy
 * violations, dialogs, HTTP responses of 400 or more and WebSocket connections that fail (a
 * refused handshake such as a 404, a connection that could not be made), which
 * {@link #problems()} lists for the test to assert empty.
 *
 * <p>Not thread-safe, like the Playwright objects it wraps; the page watchers run on the thread
 * that drives Playwright.
 */
public final class BrowserUsers implements AutoCloseable {

    /** How Chromium reports a WebSocket that failed, on the console. */
    private static final Pattern FAILED_WEBSOCKET = Pattern.compile("^WebSocket connection to '([^']*)' failed");
    /** How Chromium reports a request that failed without a response, on the console (the URL is the message's location). */
    private static final Pattern FAILED_LOAD = Pattern.compile("^Failed to load resource: net::");

    private final Browser browser;
    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<Pattern> expectedFailures = new CopyOnWriteArrayList<>();

    public BrowserUsers(Browser browser) {
        this.browser = browser;
    }

    /** A new user whose browser prefers {@code locale} (such as {@code en-US} or {@code zh-CN}). */
    public Page newUser(String locale) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setLocale(locale).setViewportSize(1280, 900));
        contexts.add(context);
        context.addInitScript("document.addEventListener('securitypolicyviolation', e => "
                + "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
        Page page = context.newPage();
        page.onPageError(error -> problems.add("page error: " + error));
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type()) && !isExpectedConsoleError(message.text(), message.location())) {
                problems.add("console error: " + message.text() + " (at " + message.location() + ")");
            }
        });
        page.onResponse(response -> {
            if (response.status() >= 400) {
                problems.add("HTTP " + response.status() + " for " + response.request().method() + " " + response.url());
            }
        });
        page.onWebSocket(socket -> socket.onSocketError(error -> {
            if (!isExpectedFailure(socket.url())) {
                problems.add("WebSocket " + socket.url() + " failed: " + error);
            }
        }));
        page.onDialog(dialog -> {
            problems.add("dialog: " + dialog.message());
            dialog.dismiss();
        });
        return page;
    }

    /**
     * Connections to a URL that {@code url} matches (the whole URL) fail on purpose in this test:
     * WebSockets, or requests through a proxy the test cuts. Their failures, and the console
     * error the browser logs for each, are not problems; an HTTP error status still is.
     */
    public void expectFailuresTo(Pattern url) {
        expectedFailures.add(url);
    }

    private boolean isExpectedFailure(String url) {
        return expectedFailures.stream().anyMatch(pattern -> pattern.matcher(url).matches());
    }

    private boolean isExpectedConsoleError(String text, String location) {
        Matcher failed = FAILED_WEBSOCKET.matcher(text);
        if (failed.find()) {
            return isExpectedFailure(failed.group(1));
        }
        // Playwright gives a console message's location as url:line:column
        return FAILED_LOAD.matcher(text).find() && location != null
                && isExpectedFailure(location.replaceFirst(":\\d+:\\d+$", ""));
    }

    /** What went wrong on any page so far. */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    @Override
    public void close() {
        contexts.forEach(BrowserContext::close);
    }
}
