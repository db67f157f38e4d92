package dev.tandem.system.browser;

import com.microsoft.playwright.Locator;
import dev.tandem.protocol.CreatedDocument;
import dev.tandem.protocol.ForkOrigin;
import dev.tandem.protocol.ForkedFrom;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.NamedVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.tandem.system.browser.BrowserChecks.eventually;
import static dev.tandem.system.browser.BrowserChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Named versions and forks (issue 12), two people in two headless Chromiums at a desktop's width: Ada names a
 * revision in History, Grace sees the name in her History, jumps to it and restores it; Ada forks a revision into a
 * new document, which opens with that revision's text and language and a link back to its origin, Grace opens the
 * fork's link and edits it, and the origin does not change. A read-only link can do neither. Every tab's console
 * stays free of errors; a screenshot of each scenario is under {@code target/screenshots/}.
 */
class ForksAndVersionsIT {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final String NAME = "before the refactor";

    private static TwoBrowsers browsers;
    private static TandemServices tandem;

    private final List<Person> people = new ArrayList<>();
    private String scenario;

    @BeforeAll
    static void startTandemAndTwoBrowsers() {
        browsers = TwoBrowsers.start("ForksAndVersionsIT", () -> TandemServices.start("versions", Map.of()));
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
        scenario = "versions-" + test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void cleanConsolesThenCloseTheTabs() {
        BrowserChecks.closeCheckingConsoles(people, scenario, line -> false);
    }

    @Test
    void aNameGivenByOneIsSeenByTheOtherWhoJumpsToItAndRestoresIt() {
        String docId = tandem.newDocument();
        Person ada = ada().open(tandem.gatewayUrl(), docId);
        Person grace = grace().open(tandem.gatewayUrl(), docId);
        int[] revisions = writeInTurns(docId, ada, grace, "one\n", "two\n", "three\n");
        int named = revisions[1];
        String then = tandem.at(docId, named).text();
        assertThat(then).isEqualTo("one\ntwo\n");

        // Ada names revision `named`
        ada.byTestId("history-toggle").click();
        expect(ada.byTestId("history-revision-info")).containsText("Revision " + revisions[2] + " of ");
        ada.byTestId("history-slider").fill(String.valueOf(named));
        expect(ada.byTestId("history-revision-info")).containsText("Revision " + named + " of ");
        ada.byTestId("history-name-version").click();
        ada.byTestId("history-version-name").fill(NAME);
        ada.byTestId("history-version-save").click();
        // Grace is told at once (a toast lasts 4 s), and Ada's own History lists it as soon as it is committed
        expect(grace.byTestId("toast").filter(new Locator.FilterOptions().setHasText(NAME))).hasCount(1);
        expect(ada.byTestId("history-version")).hasCount(1);
        eventually().until(() -> tandem.versions(docId).stream().map(NamedVersion::name).toList(),
                List.of(NAME)::equals);
        NamedVersion version = tandem.versions(docId).get(0);
        assertThat(version.revision()).isEqualTo(named);
        assertThat(version.authorName()).isEqualTo("Ada");

        // Grace finds it in her History, jumps there and restores it
        grace.byTestId("history-toggle").click();
        Locator listed = grace.byTestId("history-version");
        expect(listed).hasCount(1);
        expect(listed).containsText(NAME);
        expect(listed).containsText("revision " + named);
        listed.click();
        expect(grace.byTestId("history-revision-info")).containsText("Revision " + named + " of ");
        eventually().untilAsserted(() -> assertThat(historyText(grace)).isEqualTo(then));
        Screenshots.sideBySide(scenario, ada, grace);

        int before = tandem.headRevision(docId);
        grace.byTestId("history-restore").click();
        expect(grace.byTestId("history-view")).hasCount(0);
        ada.byTestId("history-close").click();
        assertThat(BrowserChecks.awaitConverged(tandem, docId, ada, grace)).isEqualTo(then);
        assertThat(tandem.headRevision(docId)).as("the restore is a new revision").isGreaterThan(before);
        assertThat(tandem.at(docId, revisions[2]).text()).as("history is not rewritten").isEqualTo("one\ntwo\nthree\n");
        Screenshots.sideBySide(scenario + "-restored", ada, grace);
    }

    @Test
    void aForkOpensAsANewDocumentFromItsRevisionThatTheOtherEditsWithoutChangingTheOrigin() {
        CreatedDocument origin = tandem.newDocumentWithLinks();
        String docId = origin.docId();
        Person ada = ada().open(tandem.gatewayUrl(), docId);
        Person grace = grace().open(tandem.gatewayUrl(), docId);
        writeInTurns(docId, ada, grace, "def f():\n");
        ada.byTestId("language-select").selectOption("python");
        eventually().until(() -> tandem.head(docId).map(DocumentState::language).orElse(""), "python"::equals);
        int forked = writeInTurns(docId, ada, grace, "    return 1\n")[0];
        writeInTurns(docId, ada, grace, "# later, not in the fork\n");
        DocumentState originHead = tandem.head(docId).orElseThrow();
        String forkedText = tandem.at(docId, forked).text();
        assertThat(forkedText).isEqualTo("def f():\n    return 1\n");

        ada.byTestId("history-toggle").click();
        expect(ada.byTestId("history-revision-info")).containsText("Revision " + originHead.revision() + " of ");
        ada.byTestId("history-slider").fill(String.valueOf(forked));
        expect(ada.byTestId("history-revision-info")).containsText("Revision " + forked + " of ");
        ada.byTestId("history-fork").click();

        // Ada's tab opens the fork: a new document, the revision's text and language, a link to the origin
        ada.page().waitForURL(Pattern.compile(".*/d/(?!" + docId + "$)[A-Za-z0-9_-]{22}$"));
        String forkId = ada.page().url().replaceAll(".*/d/", "");
        ada.awaitOnline();
        expect(ada.byTestId("forked-from")).containsText("at revision " + forked);
        expect(ada.byTestId("forked-from-link")).hasText(origin.readOnlyId());
        expect(ada.byTestId("language-select")).hasValue("python");
        assertThat(ada.text()).isEqualTo(forkedText);
        DocumentState fork = tandem.head(forkId).orElseThrow();
        assertThat(fork.forkedFrom()).isEqualTo(new ForkedFrom(origin.readOnlyId(), forked));
        assertThat(fork.revision()).as("the fork's history starts at the fork point").isEqualTo(1);
        OpCommitted first = tandem.ops(forkId).get(0);
        assertThat(first.edit()).isInstanceOf(ForkOrigin.class);
        assertThat(first.authorName()).isEqualTo("Ada");

        // Grace opens the fork's link and edits it; both see the edit, the origin is unchanged
        grace.open(tandem.gatewayUrl(), forkId);
        expect(grace.byTestId("forked-from")).containsText("at revision " + forked);
        grace.caretAtEnd().paste("# Grace, in the fork\n");
        assertThat(BrowserChecks.awaitConverged(tandem, forkId, ada, grace))
                .isEqualTo(forkedText + "# Grace, in the fork\n");
        assertThat(tandem.head(docId).orElseThrow()).as("the origin").isEqualTo(originHead);
        Screenshots.sideBySide(scenario, ada, grace);
    }

    @Test
    void aReadOnlyLinkCanNeitherNameNorFork() {
        CreatedDocument doc = tandem.newDocumentWithLinks();
        Person ada = ada().open(tandem.gatewayUrl(), doc.docId());
        Person grace = grace().open(tandem.gatewayUrl(), doc.readOnlyId());
        ada.caretAtEnd().paste("only Ada writes here\n");
        eventually().until(() -> tandem.headRevision(doc.docId()) == 1 && grace.revision() == 1);

        grace.byTestId("history-toggle").click();
        expect(grace.byTestId("history-name-version")).isDisabled();
        expect(grace.byTestId("history-fork")).isDisabled();
        HttpResponse<String> refused = tandem.postFork(doc.readOnlyId(), 1);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"code\":\"READ_ONLY\"");
        HttpResponse<String> beyond = tandem.postFork(doc.docId(), 2);
        assertThat(beyond.statusCode()).isEqualTo(400);
        assertThat(beyond.body()).contains("\"code\":\"REVISION_OUT_OF_RANGE\"");
        assertThat(tandem.versions(doc.docId())).isEmpty();
        Screenshots.sideBySide(scenario, ada, grace);
    }

    // ---- people and helpers --------------------------------------------------------------------------------------

    private Person ada() {
        return track(browsers.ada(WIDTH, HEIGHT));
    }

    private Person grace() {
        return track(browsers.grace(WIDTH, HEIGHT));
    }

    private Person track(Person person) {
        people.add(person);
        return person;
    }

    /** Each line added at the end, by Ada and Grace in turn, each committed before the next; their revisions. */
    private static int[] writeInTurns(String docId, Person ada, Person grace, String... lines) {
        int[] revisions = new int[lines.length];
        for (int i = 0; i < lines.length; i++) {
            Person writer = i % 2 == 0 ? ada : grace;
            writer.caretAtEnd().paste(lines[i]);
            BrowserChecks.awaitConverged(tandem, docId, ada, grace);
            revisions[i] = writer.revision();
        }
        return revisions;
    }

    /** The history view's text (short documents only: CodeMirror renders just the lines in view). */
    private static String historyText(Person person) {
        return String.join("\n", person.byTestId("history-text").locator(".cm-line").allTextContents());
    }
}
