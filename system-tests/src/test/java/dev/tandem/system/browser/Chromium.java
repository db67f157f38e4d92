package dev.tandem.system.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium, headless, driven by its own Playwright instance. Playwright's Java objects may be used by one
 * thread at a time, so two people who type at the same moment each need their own instance (and browser).
 */
final class Chromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    static final String MISSING = "needs Chromium at /usr/bin/chromium: apt-get install -y chromium";
    /** Quiet on a closed network: without the background-networking flags Chromium keeps trying to phone home. */
    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static boolean isInstalled() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Playwright gives every launch a fresh, temporary profile (user data dir). */
    static Chromium launch() {
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(FLAGS));
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A person in a browser profile of their own (a new context), known by {@code name} and {@code color}. */
    Person person(String name, String color) {
        return person(name, color, Person.WIDTH, Person.HEIGHT);
    }

    /** As {@link #person(String, String)}, in a window {@code width} by {@code height} CSS pixels (a phone's). */
    Person person(String name, String color, int width, int height) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(width, height).setAcceptDownloads(true).setLocale("en-GB"));
        return new Person(name, color, context, height);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
