package dev.wsshowcase.testsupport;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The simulated users of one browser test: each has its own browser context (cookies, storage),
 * and every page is watched for script errors, console errors, Content-Security-Policy
 * violations and dialogs, which {@link #problems()} lists for the test to assert empty.
 */
public final class BrowserUsers implements AutoCloseable {

    private final Browser browser;
    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<Pattern> expectedErrors = new ArrayList<>();

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
            if ("error".equals(message.type()) && expectedErrors.stream().noneMatch(p -> p.matcher(message.text()).find())) {
                problems.add("console error: " + message.text());
            }
        });
        page.onDialog(dialog -> {
            problems.add("dialog: " + dialog.message());
            dialog.dismiss();
        });
        return page;
    }

    /** A console error the test causes on purpose (the browser reports each failed connection attempt). */
    public void expectConsoleError(Pattern pattern) {
        expectedErrors.add(pattern);
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
