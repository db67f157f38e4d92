package dev.tandem.system.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the browser tests wait for and check, shared by every browser test class. */
final class BrowserChecks {
    static final Duration CONVERGENCE = Duration.ofSeconds(45);

    private BrowserChecks() {
    }

    /**
     * Waits until every tab is online with nothing unsent, at the snapshot service's head revision of
     * {@code docId}, and then proves that they all hold the snapshot service's text; returns it.
     */
    static String awaitConverged(TandemServices tandem, String docId, Person... tabs) {
        eventually().until(() -> {
            int head = tandem.headRevision(docId);
            for (Person tab : tabs) {
                if (!tab.isOnline() || tab.unsaved() != 0 || tab.revision() != head) {
                    return false;
                }
            }
            return head > 0;
        });
        String text = tandem.head(docId).orElseThrow().text();
        for (Person tab : tabs) {
            assertThat(tab.text()).as("%s's text", tab.name).isEqualTo(text);
        }
        return text;
    }

    static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    /** Playwright's objects belong to the test's thread, so Awaitility polls on it. */
    static ConditionFactory eventually() {
        return await().atMost(CONVERGENCE).pollInSameThread().pollInterval(Duration.ofMillis(100));
    }
}
