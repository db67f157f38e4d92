package dev.tandem.system.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.awaitility.core.ConditionFactory;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

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

    /**
     * After a scenario: its tabs side by side as {@code <scenario>-unfinished.png} if it saved no screenshot of its
     * own (it failed before), then every tab free of page errors and of console errors but those {@code excused}
     * excuses; the tabs are closed (and {@code people} emptied) either way.
     */
    static void closeCheckingConsoles(List<Person> people, String scenario, Predicate<String> excused) {
        try {
            if (!people.isEmpty() && !Files.exists(Screenshots.DIRECTORY.resolve(scenario + ".png"))) {
                Screenshots.sideBySide(scenario + "-unfinished", people.toArray(Person[]::new));
            }
            for (Person person : people) {
                assertThat(person.pageErrors()).as("errors in %s's tab", person.name).isEmpty();
                assertThat(person.consoleErrors()).as("errors in %s's console", person.name)
                        .filteredOn(excused.negate()).isEmpty();
            }
        } finally {
            people.forEach(Person::close);
            people.clear();
        }
    }

    static LocatorAssertions expect(Locator locator) {
        return PlaywrightAssertions.assertThat(locator);
    }

    /** Playwright's objects belong to the test's thread, so Awaitility polls on it. */
    static ConditionFactory eventually() {
        return await().atMost(CONVERGENCE).pollInSameThread().pollInterval(Duration.ofMillis(100));
    }
}
