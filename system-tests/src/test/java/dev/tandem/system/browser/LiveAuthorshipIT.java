package dev.tandem.system.browser;

import com.microsoft.playwright.Locator;
import dev.tandem.protocol.history.AuthorRun;
import dev.tandem.protocol.history.DocumentAuthorship;
import dev.tandem.system.browser.FirstUseIT.Viewport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.tandem.system.browser.BrowserChecks.eventually;
import static dev.tandem.system.browser.BrowserChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Live authorship (issue 12) in two headless Chromiums, at a desktop's and at a phone's width: Ada and Grace write
 * into one document, Ada turns Authorship on in the top bar and sees Grace's text marked as Grace's (in Grace's
 * caret color, her name as the tooltip) and her own as hers; then both type on and Ada's marks follow without a
 * reload, equal at every step to what the snapshot service folds ({@code /authorship}, through the gateway). Every
 * tab's console stays free of errors.
 */
class LiveAuthorshipIT {
    /** Run in a page: the marked text in document order, as [name, text] pairs (carets' name labels left out). */
    private static final String MARKS = """
            () => [...document.querySelectorAll('.cm-content .cm-author')].map((mark) => {
              const copy = mark.cloneNode(true);
              copy.querySelectorAll('.cm-remote-caret').forEach((caret) => caret.remove());
              return [mark.dataset.authorName, copy.textContent];
            })
            """;

    private static TwoBrowsers browsers;
    private static TandemServices tandem;

    private final List<Person> people = new ArrayList<>();
    private String scenario;

    @BeforeAll
    static void startTandemAndTwoBrowsers() {
        browsers = TwoBrowsers.start("LiveAuthorshipIT", () -> TandemServices.start("authorship", Map.of()));
        tandem = browsers == null ? null : browsers.tandem;
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browsers != null) {
            browsers.close();
        }
    }

    @BeforeEach
    void name(TestInfo test) {
        assumeTrue(Chromium.isInstalled(), Chromium.MISSING);
        scenario = test.getTestMethod().orElseThrow().getName() + "-" + test.getDisplayName().replaceAll("\\W", "");
    }

    @AfterEach
    void cleanConsolesThenCloseTheTabs() {
        BrowserChecks.closeCheckingConsoles(people, scenario, line -> false);
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void adaSeesWhoWroteWhatAndHerMarksFollowGracesTypingWithoutAReload(Viewport viewport) {
        String docId = tandem.newDocument();
        Person ada = track(browsers.ada(viewport.width, viewport.height)).open(tandem.gatewayUrl(), docId);
        Person grace = track(browsers.grace(viewport.width, viewport.height)).open(tandem.gatewayUrl(), docId);
        ada.caretAtEnd().paste("ada wrote this line\n");
        BrowserChecks.awaitConverged(tandem, docId, ada, grace);
        grace.caretAtEnd().paste("grace wrote 🌍 that\n");
        BrowserChecks.awaitConverged(tandem, docId, ada, grace);

        Locator toggle = ada.byTestId("authorship-toggle");
        expect(toggle).isVisible();
        toggle.click();
        expect(toggle).hasAttribute("aria-pressed", "true");
        Locator legend = ada.byTestId("authorship-legend");
        expect(legend).hasAttribute("data-state", "on");
        expect(legend.getByTestId("authorship-legend-item")).hasCount(2);
        expect(legend).containsText("Ada");
        expect(legend).containsText("Grace");
        Locator gracesMarks = ada.page().locator(".cm-author[data-author-name=Grace]");
        Locator adasMarks = ada.page().locator(".cm-author[data-author-name=Ada]");
        expect(gracesMarks.first()).containsText("grace wrote 🌍 that");
        expect(gracesMarks.first()).hasAttribute("title", "Grace");
        expect(gracesMarks.first()).hasAttribute("data-author-color", TwoBrowsers.GRACE_COLOR);
        expect(adasMarks.first()).containsText("ada wrote this line");
        expect(adasMarks.first()).hasAttribute("data-author-color", TwoBrowsers.ADA_COLOR);
        awaitMarksEqualTheServers(docId, ada);
        assertThat(grace.page().locator(".cm-author").count()).as("Grace did not turn authorship on").isZero();

        // Grace types more at the start of Ada's line, and at the end; Ada types too: no reload
        grace.caretAtEndOfLine(1).press("Home").type("so ", 25);
        grace.caretAtEnd().type("grace again", 25);
        ada.caretAtEndOfLine(1).type(", and more", 25);
        BrowserChecks.awaitConverged(tandem, docId, ada, grace);
        expect(gracesMarks.filter(new Locator.FilterOptions().setHasText("grace again"))).hasCount(1);
        expect(gracesMarks.filter(new Locator.FilterOptions().setHasText(Pattern.compile("^so $")))).hasCount(1);
        expect(adasMarks.filter(new Locator.FilterOptions().setHasText("and more"))).hasCount(1);
        awaitMarksEqualTheServers(docId, ada);
        Screenshots.sideBySide(scenario, ada, grace);

        toggle.click();
        expect(toggle).hasAttribute("aria-pressed", "false");
        expect(ada.page().locator(".cm-author")).hasCount(0);
        expect(legend).isHidden();
    }

    /** Ada's marks, text by name in order, are what the snapshot service says at the head. */
    private static void awaitMarksEqualTheServers(String docId, Person ada) {
        List<List<String>> expected = byName(serverRuns(docId));
        eventually().until(() -> byName(marks(ada)).equals(expected));
    }

    /** The snapshot service's runs at the head, as [name, text] pairs. */
    private static List<List<String>> serverRuns(String docId) {
        DocumentAuthorship authorship = tandem.authorship(docId);
        String text = tandem.at(docId, authorship.revision()).text();
        List<List<String>> runs = new ArrayList<>();
        int offset = 0;
        for (AuthorRun run : authorship.runs()) {
            int end = text.offsetByCodePoints(offset, run.length());
            runs.add(List.of(run.name(), text.substring(offset, end)));
            offset = end;
        }
        assertThat(offset).as("the runs cover the text").isEqualTo(text.length());
        return runs;
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> marks(Person person) {
        return (List<List<String>>) person.page().evaluate(MARKS);
    }

    /**
     * Consecutive text of one name joined, without line breaks (the editor draws a mark line by line, and a line
     * break is no text in the page).
     */
    private static List<List<String>> byName(List<List<String>> runs) {
        List<List<String>> joined = new ArrayList<>();
        for (List<String> run : runs) {
            String text = run.get(1).replace("\n", "");
            if (text.isEmpty()) {
                continue;
            }
            int last = joined.size() - 1;
            if (last >= 0 && joined.get(last).get(0).equals(run.get(0))) {
                joined.set(last, List.of(run.get(0), joined.get(last).get(1) + text));
            } else {
                joined.add(List.of(run.get(0), text));
            }
        }
        return joined;
    }

    private Person track(Person person) {
        people.add(person);
        return person;
    }
}
