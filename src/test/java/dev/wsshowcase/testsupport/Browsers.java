package dev.wsshowcase.testsupport;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts the system's Chromium under Playwright for the browser tests: never a browser
 * downloaded at test time (the build runs offline), no network but 127.0.0.1.
 *
 * <p>Chromium is a system package ({@code apt-get install chromium}), found as
 * {@code showcase.it.chromium} or on the {@code PATH}. Without it the browser tests are skipped
 * with a loud warning, or fail when {@code showcase.it.require-all} is true (as in CI).
 */
public final class Browsers {

    private static final String CHROMIUM_PROPERTY = "showcase.it.chromium";
    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost");

    private Browsers() {
    }

    /** The Chromium executable, or empty. */
    static Optional<Path> chromium() {
        String configured = System.getProperty(CHROMIUM_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .flatMap(dir -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Playwright with a launched Chromium; close the Playwright to stop both.
     * Skips the calling test class, loudly, when there is no Chromium (fails it under require-all).
     */
    public static Launched launch() {
        Optional<Path> chromium = chromium();
        if (chromium.isEmpty()) {
            String message = "Chromium not found (" + CHROMIUM_PROPERTY + " or chromium on the PATH): the browser tests "
                    + "of the pages DID NOT RUN. Install it with: apt-get install chromium";
            if (Boolean.getBoolean("showcase.it.require-all")) {
                Assertions.fail(message);
            }
            System.err.println("\n**********\nWARNING: " + message + "\n**********\n");
            Assumptions.abort(message);
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium.get())
                    .setArgs(ARGS));
            return new Launched(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A running browser and the Playwright that drives it. */
    public record Launched(Playwright playwright, Browser browser) implements AutoCloseable {
        @Override
        public void close() {
            playwright.close();
        }
    }
}
