package dev.tandem.system.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.testsupport.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.tandem.system.browser.BrowserChecks.eventually;
import static dev.tandem.system.browser.BrowserChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web client end to end, in Debian's headless Chromium driven by Playwright, against the packaged sequencer,
 * snapshot and gateway services (separate processes) on a real Kafka broker and PostgreSQL. Each person has a
 * browser context of their own; Ada's and Grace's are in two browsers, so they can type at the same moment. Each
 * scenario works on a new document and saves a screenshot of the people's tabs under
 * {@code target/screenshots/}. Convergence is always checked against the snapshot service as well.
 */
class BrowserIT {
    private static final String JAVA_SNIPPET = """
            record Point(int x, int y) {

                Point {
                    if (x < 0 || y < 0) {
                        throw new IllegalArgumentException("negative");
                    }
                }

                double distanceTo(Point other) {
                    return Math.hypot(x - other.x, y - other.y);
                }
            }
            """;
    /**
     * Run in a page: opens the gateway's WebSocket (host:port given) and POSTs /api/docs, and says how each went.
     */
    private static final String TRY_THE_GATEWAY = """
            async (host) => {
              const socket = await new Promise((resolve) => {
                const ws = new WebSocket(`ws://${host}/ws/docs/origin-check`);
                ws.onopen = () => { ws.close(); resolve('socket opened'); };
                ws.onclose = () => resolve('socket closed before it opened');
              });
              let post;
              try {
                post = `POST ${(await fetch(`http://${host}/api/docs`, { method: 'POST' })).status}`;
              } catch (e) {
                post = 'POST failed';
              }
              return `${socket}; ${post}`;
            }
            """;

    private static TandemServices tandem;
    private static Chromium adasBrowser;
    private static Chromium gracesBrowser;

    private final List<Person> people = new ArrayList<>();
    private String docId;
    private String scenario;

    @BeforeAll
    static void startTandemAndTwoBrowsers() {
        if (!Chromium.isInstalled()) {
            // each test is then skipped by its own assumption, so the report counts and explains every one
            System.err.println("BrowserIT: every scenario is SKIPPED: " + Chromium.MISSING);
            return;
        }
        tandem = TandemServices.start();
        adasBrowser = Chromium.launch();
        gracesBrowser = Chromium.launch();
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable closeable : new AutoCloseable[] {gracesBrowser, adasBrowser, tandem}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("BrowserIT: closing " + closeable + ": " + e);
            }
        }
    }

    @BeforeEach
    void newDocument(TestInfo test) {
        assumeTrue(Chromium.isInstalled(), Chromium.MISSING);
        scenario = test.getTestMethod().orElseThrow().getName();
        docId = tandem.newDocument();
    }

    @AfterEach
    void noPageErrorsThenCloseTheTabs() {
        if (people.isEmpty()) {
            return;
        }
        try {
            if (!Files.exists(Screenshots.DIRECTORY.resolve(scenario + ".png"))) {
                Screenshots.sideBySide(scenario + "-unfinished", people.toArray(Person[]::new));
            }
            for (Person person : people) {
                assertThat(person.pageErrors()).as("errors in %s's tab", person.name).isEmpty();
            }
        } finally {
            people.forEach(Person::close);
        }
    }

    @Test
    void twoPeopleTypingIntoTheSameLineAtTheSameTimeEndWithTheSameText() {
        Person ada = ada().open(tandem.gatewayUrl(), docId);
        Person grace = grace().open(tandem.gatewayUrl(), docId);
        ada.caretAtEnd().paste("shared line: \nsecond line\n");
        awaitConverged(ada, grace);
        int before = tandem.headRevision(docId);

        String adaTypes = "adatypesherewhilegraceistyping";
        String graceTypes = "GRACETYPESHEREWHILEADAISTYPING";
        ada.caretAtEndOfLine(1);
        grace.caretAtEndOfLine(1);
        // both start at one instant and type for over a second, so their keystrokes overlap (checked below)
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Void> graceTyping = CompletableFuture.runAsync(() -> {
            startTogether(start);
            grace.type(graceTypes, 40);
        });
        startTogether(start);
        ada.type(adaTypes, 40);
        graceTyping.join();

        String text = awaitConverged(ada, grace);
        String[] lines = text.split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("shared line: ");
        String typed = lines[0].substring("shared line: ".length());
        assertThat(typed.replaceAll("[^a-z]", "")).as("Ada's keys in her order").isEqualTo(adaTypes);
        assertThat(typed.replaceAll("[^A-Z]", "")).as("Grace's keys in her order").isEqualTo(graceTypes);
        assertThat(typed).hasSize(adaTypes.length() + graceTypes.length());
        assertThat(lines[1]).isEqualTo("second line");
        assertThat(authorChanges(tandem.ops(docId).subList(before, tandem.headRevision(docId))))
                .as("their edits interleave in the log (they typed at the same time)").isGreaterThanOrEqualTo(2);
        screenshot(ada, grace);
    }

    @Test
    void eachPersonSeesTheOthersCaretWithTheirNameWhereItIs() {
        Person ada = ada().open(tandem.gatewayUrl(), docId);
        ada.byTestId("language-select").selectOption("java");
        ada.caretAtEnd().paste(JAVA_SNIPPET);
        awaitConverged(ada);
        Person grace = grace().open(tandem.gatewayUrl(), docId);
        awaitConverged(ada, grace);
        grace.caretAtEndOfLine(11)
                .paste("\n\n    Point movedBy(int dx, int dy) {\n        return new Point(x + dx, y + dy);\n    }");
        awaitConverged(ada, grace);
        expect(caretIn(ada, 15)).hasText("Grace");

        grace.caretAtEndOfLine(14);
        ada.caretAtEndOfLine(4).press("Shift+Home");
        expect(caretIn(ada, 14)).hasText("Grace");
        expect(caretIn(grace, 4)).hasText("Ada");
        expect(ada.byTestId("remote-caret")).hasCount(1);
        expect(grace.byTestId("remote-caret")).hasCount(1);
        expect(caretIn(ada, 14).locator(".cm-remote-caret-label")).isVisible(); // the caret bar has no width
        expect(caretIn(grace, 4).locator(".cm-remote-caret-label")).isVisible();
        expect(ada.byTestId("person").filter(new Locator.FilterOptions().setHasText("Grace"))).hasCount(1);
        expect(grace.byTestId("person").filter(new Locator.FilterOptions().setHasText("Ada"))).hasCount(1);
        screenshot(ada, grace);
        Screenshots.stacked("two-people-editing", ada, grace); // docs/images/two-people-editing.png is one of these
    }

    @Test
    void aPersonWhoGoesOfflineKeepsTypingAndBothConvergeWhenTheyAreBack() {
        try (CuttableLink gracesNetwork = CuttableLink.to(tandem.gatewayPort())) {
            Person ada = ada().open(tandem.gatewayUrl(), docId);
            Person grace = grace().open("http://127.0.0.1:" + gracesNetwork.port(), docId);
            ada.caretAtEnd().paste("written by both\n");
            awaitConverged(ada, grace);

            // offline as a laptop goes: the browser knows (new connections fail) and the open connection breaks
            // (Chromium's offline emulation alone leaves an open WebSocket working; see CuttableLink)
            gracesNetwork.cut();
            grace.context().setOffline(true);
            grace.awaitOffline();
            expect(ada.byTestId("person").filter(new Locator.FilterOptions().setHasText("Grace")))
                    .hasCount(0); // the gateway saw her connection close
            grace.caretAtEnd().paste("grace, offline\n");
            ada.caretAtEndOfLine(1).paste(" (ada stayed online)");
            eventually().until(() -> ada.unsaved() == 0 && tandem.headRevision(docId) == ada.revision());
            assertThat(grace.unsaved()).as("Grace's edit waits in her tab").isPositive();
            assertThat(tandem.head(docId).orElseThrow().text()).doesNotContain("grace, offline");
            assertThat(ada.text()).isEqualTo("written by both (ada stayed online)\n");
            screenshot(ada, grace);

            gracesNetwork.restore();
            grace.context().setOffline(false);
            grace.awaitOnline();
            expect(ada.byTestId("person").filter(new Locator.FilterOptions().setHasText("Grace"))).hasCount(1);
            assertThat(awaitConverged(ada, grace)).isEqualTo("written by both (ada stayed online)\ngrace, offline\n");
        }
    }

    @Test
    void switchingTheLanguageSwitchesItForBoth() {
        Person ada = ada().open(tandem.gatewayUrl(), docId);
        Person grace = grace().open(tandem.gatewayUrl(), docId);
        // nothing a language is detected by (FirstUseIT has a text that is): it stays plain text
        ada.caretAtEnd().paste("greeting = 'hello ' + name if name else 'hi'\nprint(greeting)\n");
        awaitConverged(ada, grace);
        expect(keyword(grace, "if")).hasCount(0); // plain text: nothing is highlighted

        ada.byTestId("language-select").selectOption("python");
        expect(grace.byTestId("toast").filter(new Locator.FilterOptions()
                .setHasText("Ada switched the language to Python"))).hasCount(1);
        for (Person person : List.of(ada, grace)) {
            expect(person.byTestId("language-select")).hasValue("python");
            expect(keyword(person, "if")).hasCount(1);
            expect(keyword(person, "else")).hasCount(1);
        }
        eventually().until(() -> tandem.head(docId).map(DocumentState::language).orElse(""), "python"::equals);
        screenshot(ada, grace);
    }

    @Test
    void theHistorySliderShowsTheTextOfAnEarlierRevision() {
        Person ada = ada().open(tandem.gatewayUrl(), docId);
        Person grace = grace().open(tandem.gatewayUrl(), docId);
        int[] revisions = writeInTurns(ada, grace, "one\n", "two\n", "three\n", "four\n");
        int head = revisions[3];
        int earlier = revisions[1];

        grace.byTestId("history-toggle").click();
        expect(grace.byTestId("history-revision-info")).containsText("Revision " + head + " of " + head);
        grace.byTestId("history-slider").fill(String.valueOf(earlier));
        expect(grace.byTestId("history-revision-info")).containsText("Revision " + earlier + " of " + head);
        String then = tandem.at(docId, earlier).text();
        assertThat(then).isEqualTo("one\ntwo\n");
        eventually().untilAsserted(() -> assertThat(historyText(grace)).isEqualTo(then));
        expect(grace.byTestId("history-author")).hasText("Grace");
        screenshot(ada, grace);
    }

    @Test
    void restoringAnEarlierRevisionMakesItEveryonesTextAsANewRevision() {
        Person ada = ada().open(tandem.gatewayUrl(), docId);
        Person grace = grace().open(tandem.gatewayUrl(), docId);
        int[] revisions = writeInTurns(ada, grace, "one\n", "two\n", "three\n");
        int head = revisions[2];
        String headText = tandem.at(docId, head).text();
        String old = tandem.at(docId, revisions[0]).text();

        ada.byTestId("history-toggle").click();
        expect(ada.byTestId("history-revision-info")).containsText("Revision " + head + " of " + head);
        ada.byTestId("history-slider").fill(String.valueOf(revisions[0]));
        expect(ada.byTestId("history-revision-info")).containsText("Revision " + revisions[0] + " of " + head);
        eventually().untilAsserted(() -> assertThat(historyText(ada)).isEqualTo(old));
        ada.byTestId("history-restore").click();
        expect(ada.byTestId("history-view")).hasCount(0);

        assertThat(awaitConverged(ada, grace)).isEqualTo(old).isEqualTo("one\n");
        assertThat(tandem.headRevision(docId)).as("the restore is a new revision").isGreaterThan(head);
        assertThat(tandem.at(docId, head).text()).as("history is not rewritten").isEqualTo(headText);
        screenshot(ada, grace);
    }

    @Test
    void aNameOrChatMessageContainingHtmlIsShownAsTextNeverRun() {
        String markupName = "<img src=x onerror=window.__pwned=1>";
        String markupChat = "<script>window.__pwned=2</script><b>bold?</b><img src=y onerror=window.__pwned=3>";
        Person mallory = track(adasBrowser.person(markupName, "#911eb4")).open(tandem.gatewayUrl(), docId);
        Person grace = grace().open(tandem.gatewayUrl(), docId);
        mallory.caretAtEnd().paste("hello\n");
        awaitConverged(mallory, grace);
        mallory.byTestId("chat-input").fill(markupChat);
        mallory.byTestId("chat-send").click();

        expect(grace.byTestId("remote-caret")).hasText(markupName);
        expect(grace.byTestId("person").filter(new Locator.FilterOptions().setHasText(markupName))).hasCount(1);
        for (Person person : List.of(grace, mallory)) {
            Locator line = person.byTestId("chat-message").filter(new Locator.FilterOptions().setHasText(markupChat));
            expect(line).hasCount(1);
            expect(line).containsText(markupName);
            expect(line.locator(".chat-author")).hasText(markupName);
        }
        for (Person person : List.of(grace, mallory)) {
            assertThat(person.page().evaluate("() => typeof window.__pwned")).isEqualTo("undefined");
            assertThat(person.page().evaluate("() => document.querySelectorAll("
                    + "'img[src=x], img[src=y], body script:not([src]), [data-testid=chat-messages] b').length"))
                    .as("elements injected into %s's tab", person.name).isEqualTo(0);
        }
        screenshot(mallory, grace);
    }

    @Test
    void aPageFromAForeignOriginCanNeitherOpenTheSocketNorCreateDocumentsButTheGatewaysOwnPageCan() {
        Person ada = ada();
        String gateway = tandem.gatewayUrl();
        // a page of another origin, http://localhost:<its own port>, which this gateway (origins: self) refuses
        try (ForeignSite site = ForeignSite.start()) {
            ada.page().navigate(site.url());
            String foreign = (String) ada.page().evaluate(TRY_THE_GATEWAY, gateway.replace("http://", ""));
            assertThat(foreign).isEqualTo("socket closed before it opened; POST failed");
            // the page is not told why; the gateway's log (its refusals at DEBUG) says it refused both
            String origin = site.url().replaceAll("/$", "");
            eventually().until(() -> tandem.gatewayLog().contains("origin " + origin + " may not open a WebSocket")
                    && tandem.gatewayLog().contains("origin " + origin + " may not POST to the API"));
        }
        // the same script on the gateway's own page: both work
        ada.open(gateway, docId);
        String own = (String) ada.page().evaluate(TRY_THE_GATEWAY, gateway.replace("http://", ""));
        assertThat(own).isEqualTo("socket opened; POST 201");
        ada.caretAtEnd().paste("typed on the gateway's own page\n");
        eventually().until(() -> ada.isOnline() && ada.unsaved() == 0 && tandem.headRevision(docId) > 0);
        assertThat(tandem.head(docId).orElseThrow().text()).isEqualTo("typed on the gateway's own page\n");
        screenshot(ada);
    }

    @Test
    void aPersonWhoCannotJoinBecauseTheDocumentIsFullIsToldWhyAndJoinsOnceThereIsRoom() {
        // a gateway that takes one connection per document, and asks a refused client to retry after 3 s (30 s by
        // default: the client waits exactly that, longer than this test's patience)
        try (ServiceProcess small = tandem.extraGateway("browser-gateway-small",
                java.util.Map.of("tandem.gateway.limits.connections-per-document", "1",
                        "tandem.gateway.limits.too-many-connections-retry-after", "3s"))) {
            Person ada = ada().open(small.baseUrl(), docId);
            ada.caretAtEnd().paste("room for one\n");
            eventually().until(() -> ada.unsaved() == 0);

            Person grace = grace();
            grace.page().navigate(small.baseUrl() + "/d/" + docId);
            Locator banner = grace.byTestId("connection-banner");
            expect(banner).isVisible();
            expect(banner).containsText("Cannot open this document. The document has too many people connected"
                    + " right now.");
            expect(grace.byTestId("connection-status")).not().hasAttribute("data-state", "online");
            screenshot(ada, grace);

            ada.page().navigate(small.baseUrl() + "/"); // Ada leaves the document: there is room
            grace.awaitOnline();
            expect(banner).isHidden();
            assertThat(grace.text()).isEqualTo("room for one\n");
        }
    }

    // ---- people and helpers --------------------------------------------------------------------------------------

    private Person ada() {
        return track(adasBrowser.person("Ada", "#e6194b"));
    }

    private Person grace() {
        return track(gracesBrowser.person("Grace", "#4363d8"));
    }

    private Person track(Person person) {
        people.add(person);
        return person;
    }

    private String awaitConverged(Person... tabs) {
        return BrowserChecks.awaitConverged(tandem, docId, tabs);
    }

    /** Each line added at the end, by Ada and Grace in turn, each committed before the next; their revisions. */
    private int[] writeInTurns(Person ada, Person grace, String... lines) {
        int[] revisions = new int[lines.length];
        for (int i = 0; i < lines.length; i++) {
            Person writer = i % 2 == 0 ? ada : grace;
            writer.caretAtEnd().paste(lines[i]);
            awaitConverged(ada, grace);
            revisions[i] = writer.revision();
        }
        return revisions;
    }

    /** The history view's text (short documents only: CodeMirror renders just the lines in view). */
    private static String historyText(Person person) {
        return String.join("\n", person.byTestId("history-text").locator(".cm-line").allTextContents());
    }

    /** The other person's caret widget inside line {@code line} (1-based) of this person's editor. */
    private static Locator caretIn(Person person, int line) {
        return person.page().locator(".cm-content .cm-line").nth(line - 1).getByTestId("remote-caret");
    }

    /** A token the editor's syntax highlighting wrapped in an element of its own. */
    private static Locator keyword(Person person, String word) {
        return person.page().locator(".cm-content .cm-line span")
                .filter(new Locator.FilterOptions().setHasText(Pattern.compile("^" + word + "$")));
    }

    private static void startTogether(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the two typists did not start together", e);
        }
    }

    /** How often the author changes along the log: 1 for A A B B, 3 for A B A B. */
    private static int authorChanges(List<OpCommitted> ops) {
        int changes = 0;
        String previous = null;
        for (OpCommitted op : ops) {
            if (op.edit() instanceof TextEdit) {
                if (previous != null && !previous.equals(op.authorName())) {
                    changes++;
                }
                previous = op.authorName();
            }
        }
        return changes;
    }

    private void screenshot(Person... tabs) {
        Screenshots.sideBySide(scenario, tabs);
    }
}
