package dev.tandem.system.browser;

import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.tandem.protocol.CreatedDocument;
import dev.tandem.protocol.history.DocumentState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static dev.tandem.system.browser.BrowserChecks.eventually;
import static dev.tandem.system.browser.BrowserChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a new user hits first (issue 12), two people in two headless Chromiums, each scenario at a desktop's and at a
 * phone's width: the top bar fits, caret names show only for a moment, Ctrl+Z anywhere is the editor's own undo,
 * what the page says offline and when a document cannot load, a new document logs nothing, and who is here (and
 * who only watches), the empty document's hint, the shortcuts and the detected language. Every tab's console stays
 * free of errors (offline, only the browser's own reports of the connections it could not open).
 */
class FirstUseIT {
    /** The widths the app must work at. */
    enum Viewport {
        DESKTOP(1280, 720), PHONE(420, 780);

        final int width;
        final int height;

        Viewport(int width, int height) {
            this.width = width;
            this.height = height;
        }
    }

    /** Run in a page: what of the top bar does not fit its width, in words (empty when everything fits). */
    private static final String TOP_BAR_PROBLEMS = """
            () => {
              const problems = [];
              const bar = document.querySelector('.topbar');
              const edge = bar.getBoundingClientRect();
              if (bar.scrollWidth > bar.clientWidth + 1) problems.push(`the bar scrolls: ${bar.scrollWidth} > ${bar.clientWidth}`);
              for (const el of bar.querySelectorAll('button, select, a, .badge')) {
                if (el.offsetParent === null) continue;
                const r = el.getBoundingClientRect();
                const name = el.dataset.testid || el.className;
                if (r.left < edge.left - 0.5 || r.right > Math.min(edge.right, innerWidth) + 0.5) {
                  problems.push(`${name} is at ${Math.round(r.left)}..${Math.round(r.right)} of ${innerWidth}`);
                }
                if (r.width < 20) problems.push(`${name} is ${r.width} px wide`);
              }
              const select = bar.querySelector('select');
              if (select.offsetParent !== null && select.getBoundingClientRect().width < 100) {
                problems.push(`the language drop-down is ${select.getBoundingClientRect().width} px wide`);
              }
              const badge = bar.querySelector('.badge');
              if (!badge.hidden && badge.getBoundingClientRect().height > 24) {
                problems.push(`the read-only badge is ${badge.getBoundingClientRect().height} px high (wrapped)`);
              }
              return problems;
            }
            """;
    private static final String PYTHON = "import sys\n\ndef greet(name):\n    return 'hello ' + name\n";
    /** The browser's own console reports of connections it could not open while the network was down. */
    private static final Pattern NETWORK_DOWN = Pattern.compile(
            "WebSocket connection to .* failed.*|Failed to load resource: net::ERR_[A-Z_]+");

    private static TwoBrowsers browsers;
    private static TandemServices tandem;

    private final List<Person> people = new ArrayList<>();
    private boolean networkDown;
    private String scenario;

    @BeforeAll
    static void startTandemAndTwoBrowsers() {
        browsers = TwoBrowsers.start("FirstUseIT", () -> TandemServices.start("firstuse", java.util.Map.of()));
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
        BrowserChecks.closeCheckingConsoles(people, scenario,
                line -> networkDown && NETWORK_DOWN.matcher(line).matches());
    }

    // ---- 1. the top bar -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void theTopBarFitsTheWindowForAWriterAndAReadOnlyViewer(Viewport viewport) {
        CreatedDocument doc = tandem.newDocumentWithLinks();
        Person ada = ada(viewport).open(tandem.gatewayUrl(), doc.docId());
        Person grace = grace(viewport).open(tandem.gatewayUrl(), doc.readOnlyId());
        ada.caretAtEnd().paste("A title long enough to be cut short somewhere on a narrow screen\nbody\n");
        expect(grace.byTestId("read-only-badge")).isVisible();
        expect(grace.page().locator(".cm-line").first()).containsText("A title long enough");
        for (Person person : List.of(ada, grace)) {
            assertThat(topBarProblems(person)).as("%s's top bar at %d px", person.name, viewport.width).isEmpty();
        }
        for (String tool : List.of("download", "history-toggle", "side-toggle", "theme-toggle", "copy-link")) {
            expect(ada.byTestId(tool)).isVisible();
        }
        screenshot(ada, grace);
    }

    // ---- 2. caret labels ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aCaretsNameShowsForAMomentAfterItsPersonMovesOrTypesAndOnHover(Viewport viewport) {
        String docId = tandem.newDocument();
        Person ada = ada(viewport).open(tandem.gatewayUrl(), docId);
        Person grace = grace(viewport).open(tandem.gatewayUrl(), docId);
        ada.caretAtEnd().paste("one\ntwo\nthree\nfour\nfive\n");
        BrowserChecks.awaitConverged(tandem, docId, ada, grace);
        grace.caretAtEndOfLine(3);
        Locator caret = ada.byTestId("remote-caret");
        Locator label = caret.locator(".cm-remote-caret-label");
        expect(label).hasText("Grace");
        expect(label).isVisible();
        expect(label).isHidden(); // after a moment: it no longer covers the line above
        expect(caret).hasCount(1);
        screenshot(ada, grace);

        BoundingBox box = caret.boundingBox();
        ada.page().mouse().move(box.x, box.y + box.height / 2);
        expect(label).isVisible();
        ada.page().mouse().move(1, 1);
        expect(label).isHidden();

        grace.type("!", 0);
        expect(label).isVisible();
        expect(label).isHidden();
    }

    // ---- 3. undo --------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void ctrlZWithTheFocusOnAToolbarButtonIsTheEditorsUndoOfOnlyMyEdits(Viewport viewport) {
        String docId = tandem.newDocument();
        Person ada = ada(viewport).open(tandem.gatewayUrl(), docId);
        Person grace = grace(viewport).open(tandem.gatewayUrl(), docId);
        ada.caretAtEnd().paste("alpha\nbeta\n");
        BrowserChecks.awaitConverged(tandem, docId, ada, grace);
        ada.caretAtEndOfLine(1).type("1", 30); // typed: the browser's own undo would take this back
        grace.caretAtEnd().paste("grace\n");
        BrowserChecks.awaitConverged(tandem, docId, ada, grace);
        ada.caretAtEndOfLine(2).press("Tab"); // an editor command: her last edit, which only the editor can undo
        BrowserChecks.awaitConverged(tandem, docId, ada, grace);

        assertThat(ada.text()).isEqualTo("alpha1\n  beta\ngrace\n"); // clicks Download: the focus is on the button
        ada.press("Control+z");
        assertThat(BrowserChecks.awaitConverged(tandem, docId, ada, grace)).isEqualTo("alpha1\nbeta\ngrace\n");
        ada.press("Control+z");
        assertThat(BrowserChecks.awaitConverged(tandem, docId, ada, grace)).isEqualTo("alpha\nbeta\ngrace\n");
        ada.press("Control+Shift+z");
        assertThat(BrowserChecks.awaitConverged(tandem, docId, ada, grace)).isEqualTo("alpha1\nbeta\ngrace\n");
        screenshot(ada, grace);
    }

    // ---- 4. offline, and a document that cannot load ------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void offlineTheOthersShowAsStaleABannerSaysSoAndReconnectingIsConfirmed(Viewport viewport) {
        String docId = tandem.newDocument();
        try (CuttableLink gracesNetwork = CuttableLink.to(tandem.gatewayPort())) {
            Person ada = ada(viewport).open(tandem.gatewayUrl(), docId);
            Person grace = grace(viewport).open("http://127.0.0.1:" + gracesNetwork.port(), docId);
            ada.caretAtEnd().paste("written by both\n");
            BrowserChecks.awaitConverged(tandem, docId, ada, grace);
            ada.caretAtEndOfLine(1);
            expect(grace.byTestId("remote-caret")).hasCount(1);
            Locator adaInGracesList = grace.page().locator("[data-testid=person][data-stale]");

            networkDown = true;
            gracesNetwork.cut();
            grace.context().setOffline(true);
            grace.awaitOffline();
            grace.caretAtEnd().paste("grace, offline\n");
            Locator banner = grace.byTestId("connection-banner");
            expect(banner).isVisible();
            expect(banner).containsText("You are offline");
            expect(banner).containsText("1 change waits");
            expect(adaInGracesList).hasCount(1);
            expect(adaInGracesList).containsText("Ada");
            expect(grace.byTestId("editor")).hasAttribute("data-presence", "stale");
            expect(grace.byTestId("save-state")).containsText("not yet saved");
            screenshot(ada, grace);

            gracesNetwork.restore();
            grace.context().setOffline(false);
            grace.awaitOnline();
            expect(grace.byTestId("toast").filter(new Locator.FilterOptions().setHasText("Reconnected")))
                    .hasCount(1);
            expect(banner).isHidden();
            expect(adaInGracesList).hasCount(0);
            expect(grace.byTestId("editor")).not().hasAttribute("data-presence", "stale");
            assertThat(BrowserChecks.awaitConverged(tandem, docId, ada, grace))
                    .isEqualTo("written by both\ngrace, offline\n");
            Screenshots.sideBySide(scenario + "-reconnected", ada, grace);
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aDocumentThatCannotBeJoinedSaysSoAndLoadsOnceItCan(Viewport viewport) {
        String docId = tandem.newDocument();
        Person ada = ada(viewport).open(tandem.gatewayUrl(), docId);
        ada.caretAtEnd().paste("what Ada wrote\n");
        eventually().until(() -> ada.unsaved() == 0);

        try (CuttableLink gracesNetwork = CuttableLink.to(tandem.gatewayPort())) {
            // the page loads, its WebSocket never opens (a gateway that is down behind a proxy that is up)
            networkDown = true;
            gracesNetwork.refuseWebSockets(true);
            Person grace = grace(viewport);
            grace.page().navigate("http://127.0.0.1:" + gracesNetwork.port() + "/d/" + docId);
            expect(grace.byTestId("connection-banner")).containsText("Cannot open this document");
            expect(grace.byTestId("doc-title")).hasText("Not opened");
            expect(grace.byTestId("save-state")).not().containsText("saved");
            expect(grace.byTestId("editor-notice")).containsText("could not be opened");
            screenshot(ada, grace);

            gracesNetwork.refuseWebSockets(false);
            grace.byTestId("connection-status").click(); // try again now
            grace.awaitOnline();
            expect(grace.byTestId("editor-notice")).isHidden();
            expect(grace.byTestId("connection-banner")).isHidden();
            expect(grace.byTestId("save-state")).hasText("All changes saved");
            assertThat(grace.text()).isEqualTo("what Ada wrote\n");
        }
    }

    // ---- 5. a new document's console ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aBrandNewDocumentLogsNothingToTheConsoleAndItsChatLoads(Viewport viewport) {
        String docId = tandem.newDocument();
        Person ada = ada(viewport).open(tandem.gatewayUrl(), docId);
        Person grace = grace(viewport).open(tandem.gatewayUrl(), docId);
        expect(grace.byTestId("chat-messages")).containsText("No messages yet");
        assertThat(ada.consoleErrors()).isEmpty();
        assertThat(grace.consoleErrors()).isEmpty();

        if (viewport == Viewport.PHONE) {
            ada.byTestId("side-toggle").click();
        }
        ada.byTestId("chat-input").fill("hello, Grace");
        ada.byTestId("chat-send").click();
        eventually().until(() -> tandem.headRevision(docId) == 1);
        grace.page().reload(); // the chat's history now has a line
        grace.awaitOnline();
        expect(grace.byTestId("chat-message")).hasCount(1);
        expect(grace.byTestId("chat-message")).containsText("hello, Grace");
        screenshot(ada, grace);
    }

    // ---- 6. who is here, the empty document, shortcuts, the language ---------------------------------------------

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void hereNowCountsThePeopleAndMarksWhoCanOnlyWatch(Viewport viewport) {
        CreatedDocument doc = tandem.newDocumentWithLinks();
        Person ada = ada(viewport).open(tandem.gatewayUrl(), doc.docId());
        Person grace = grace(viewport).open(tandem.gatewayUrl(), doc.readOnlyId());
        for (Person person : List.of(ada, grace)) {
            if (viewport == Viewport.PHONE) {
                person.byTestId("side-toggle").click();
            }
            expect(person.byTestId("people-count")).hasText("2");
        }
        Locator graceForAda = ada.byTestId("person").filter(new Locator.FilterOptions().setHasText("Grace"));
        expect(graceForAda).hasAttribute("data-read-only", "true");
        expect(graceForAda).containsText("read-only");
        Locator adaForGrace = grace.byTestId("person").filter(new Locator.FilterOptions().setHasText("Ada"));
        expect(adaForGrace).not().hasAttribute("data-read-only", "true");
        expect(grace.byTestId("person").filter(new Locator.FilterOptions().setHasText("(you)")))
                .containsText("read-only");
        screenshot(ada, grace);
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void anEmptyDocumentSaysHowToStartUntilSomeoneWrites(Viewport viewport) {
        String docId = tandem.newDocument();
        Person ada = ada(viewport).open(tandem.gatewayUrl(), docId);
        Person grace = grace(viewport).open(tandem.gatewayUrl(), docId);
        for (Person person : List.of(ada, grace)) {
            expect(person.byTestId("empty-hint")).isVisible();
            expect(person.byTestId("empty-hint")).containsText("Start typing");
        }
        screenshot(ada, grace);
        ada.caretAtEnd().type("x", 0);
        for (Person person : List.of(ada, grace)) {
            expect(person.byTestId("empty-hint")).hasCount(0);
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void f1AndAQuestionMarkOutsideTheEditorOpenTheKeyboardShortcuts(Viewport viewport) {
        String docId = tandem.newDocument();
        Person ada = ada(viewport).open(tandem.gatewayUrl(), docId);
        Person grace = grace(viewport).open(tandem.gatewayUrl(), docId);
        Locator adasDialog = ada.byTestId("shortcuts-dialog");
        ada.caretAtEnd().press("F1");
        expect(adasDialog).isVisible();
        expect(adasDialog).containsText("Undo your last edit");
        ada.press("Escape");
        expect(adasDialog).hasCount(0);
        ada.caretAtEnd().type("why?", 0);
        expect(adasDialog).hasCount(0); // in the editor a question mark is text
        eventually().until(() -> ada.unsaved() == 0);
        assertThat(ada.text()).isEqualTo("why?"); // and the focus is on the Download button now
        ada.press("?");
        expect(adasDialog).isVisible();

        Locator gracesDialog = grace.byTestId("shortcuts-dialog");
        grace.byTestId("shortcuts-button").click();
        expect(gracesDialog).isVisible();
        screenshot(ada, grace);
        grace.press("Escape");
        expect(gracesDialog).hasCount(0);
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void theLanguageOfANewDocumentIsDetectedFromWhatIsWritten(Viewport viewport) {
        String docId = tandem.newDocument();
        Person ada = ada(viewport).open(tandem.gatewayUrl(), docId);
        Person grace = grace(viewport).open(tandem.gatewayUrl(), docId);
        ada.caretAtEnd().paste(PYTHON);
        for (Person person : List.of(ada, grace)) {
            expect(person.byTestId("language-select")).hasValue("python");
            expect(person.page().locator(".cm-content .cm-line span")
                    .filter(new Locator.FilterOptions().setHasText(Pattern.compile("^def$")))).hasCount(1);
        }
        eventually().until(() -> tandem.head(docId).map(DocumentState::language).orElse(""), "python"::equals);
        screenshot(ada, grace);
    }

    // ---- people and helpers --------------------------------------------------------------------------------------

    private Person ada(Viewport viewport) {
        return track(browsers.ada(viewport.width, viewport.height));
    }

    private Person grace(Viewport viewport) {
        return track(browsers.grace(viewport.width, viewport.height));
    }

    private Person track(Person person) {
        people.add(person);
        return person;
    }

    @SuppressWarnings("unchecked")
    private static List<String> topBarProblems(Person person) {
        Page page = person.page();
        return (List<String>) page.evaluate(TOP_BAR_PROBLEMS);
    }

    private void screenshot(Person... tabs) {
        Screenshots.sideBySide(scenario, tabs);
    }
}
