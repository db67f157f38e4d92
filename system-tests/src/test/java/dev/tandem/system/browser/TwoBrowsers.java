package dev.tandem.system.browser;

import com.microsoft.playwright.assertions.PlaywrightAssertions;

import java.util.function.Supplier;


/**
 * What a browser test class of two people shares: the system, and Ada's and Grace's own Chromiums (each person types
 * from a thread of their own Playwright), started once and closed together.
 */
final class TwoBrowsers implements AutoCloseable {
    static final String ADA_COLOR = "#e6194b";
    static final String GRACE_COLOR = "#4363d8";

    final TandemServices tandem;
    private final Chromium adas;
    private final Chromium graces;

    private TwoBrowsers(TandemServices tandem, Chromium adas, Chromium graces) {
        this.tandem = tandem;
        this.adas = adas;
        this.graces = graces;
    }

    /**
     * The system {@code system} starts and two browsers; null (and why, printed) without Chromium: each test then
     * skips itself by its own assumption, so the report counts and explains every one.
     */
    static TwoBrowsers start(String testClass, Supplier<TandemServices> system) {
        if (!Chromium.isInstalled()) {
            System.err.println(testClass + ": every scenario is SKIPPED: " + Chromium.MISSING);
            return null;
        }
        TandemServices tandem = system.get();
        TwoBrowsers browsers = new TwoBrowsers(tandem, Chromium.launch(), Chromium.launch());
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        return browsers;
    }

    /** Ada, in a window {@code width} by {@code height}. */
    Person ada(int width, int height) {
        return adas.person("Ada", ADA_COLOR, width, height);
    }

    Person grace(int width, int height) {
        return graces.person("Grace", GRACE_COLOR, width, height);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {graces, adas, tandem}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }
}
