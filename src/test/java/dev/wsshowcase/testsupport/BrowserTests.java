package dev.wsshowcase.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browser of a page test class: one Chromium for the class ({@link Browsers#launch}), fresh
 * {@link BrowserUsers} for each test, and after each test the check that none of their pages
 * had a problem (a script or console error, a CSP violation, a dialog, an HTTP error or a
 * failed WebSocket the test did not expect). Register it with
 * {@code @RegisterExtension static final BrowserTests browser = new BrowserTests();} in a class
 * whose tests run one at a time (Playwright objects are not thread-safe).
 */
public final class BrowserTests implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private Browsers.Launched launched;
    private BrowserUsers users;

    /** This test's users. */
    public BrowserUsers users() {
        return users;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        launched = Browsers.launch();
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        users = new BrowserUsers(launched.browser());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        users.close();
        assertEquals(List.of(), users.problems(),
                "script errors, console errors, CSP violations, dialogs, HTTP errors or failed WebSockets");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (launched != null) {
            launched.close();
        }
    }
}
