package dev.tandem.system.browser;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.history.DocumentState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.tandem.system.browser.BrowserChecks.awaitConverged;
import static dev.tandem.system.browser.BrowserChecks.eventually;
import static dev.tandem.system.browser.BrowserChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A person away for longer than the gateway replays (issue 10): the gateway answers their rejoin with
 * {@code CANNOT_RESUME}, and the web client catches up from the history API instead of giving up its edits. The
 * packaged services on a real broker and PostgreSQL, Ada and Grace in two headless Chromiums; the gateway replays at
 * most {@value #REPLAYED} revisions and keeps {@value #IN_MEMORY} in memory, so a few dozen edits are enough.
 */
class OfflineBeyondTheWindowIT {
    private static final int REPLAYED = 20;
    private static final int IN_MEMORY = 5;

    private static TandemServices tandem;
    private static Chromium adasBrowser;
    private static Chromium gracesBrowser;

    @BeforeAll
    static void startTandemWithASmallResumeWindow() {
        if (!Chromium.isInstalled()) {
            System.err.println("OfflineBeyondTheWindowIT: SKIPPED: " + Chromium.MISSING);
            return;
        }
        tandem = TandemServices.start("offline", Map.of(
                "tandem.gateway.limits.max-resume-replay", String.valueOf(REPLAYED),
                "tandem.gateway.memory.window", String.valueOf(IN_MEMORY)));
        adasBrowser = Chromium.launch();
        gracesBrowser = Chromium.launch();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {gracesBrowser, adasBrowser, tandem}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void aPersonAwayForMoreRevisionsThanTheGatewayReplaysRejoinsWithTheirEditsExactlyOnce() {
        assumeTrue(Chromium.isInstalled(), Chromium.MISSING);
        String docId = tandem.newDocument();
        try (CuttableLink gracesNetwork = CuttableLink.to(tandem.gatewayPort());
             Person ada = adasBrowser.person("Ada", "#e6194b");
             Person grace = gracesBrowser.person("Grace", "#4363d8")) {
            ada.open(tandem.gatewayUrl(), docId);
            grace.open("http://127.0.0.1:" + gracesNetwork.port(), docId);
            ada.caretAtEnd().paste("shared\n");
            awaitConverged(tandem, docId, ada, grace);

            // Grace's edit reaches the server and is committed, but its ack never reaches her: then she is offline
            gracesNetwork.muteReplies();
            grace.caretAtEnd().paste("grace, in flight\n");
            eventually().until(() -> tandem.head(docId).map(DocumentState::text).orElse("").contains("in flight"));
            gracesNetwork.cut();
            grace.context().setOffline(true);
            grace.awaitOffline();
            grace.caretAtEnd().paste("grace, offline\n");
            assertThat(grace.unsaved()).as("her edit in flight and the one after it wait in her tab").isEqualTo(2);

            // Ada makes more revisions than the gateway replays, one at a time
            eventually().until(() -> ada.revision() == tandem.headRevision(docId));
            String adasLines = IntStream.rangeClosed(1, REPLAYED + IN_MEMORY).mapToObj(i -> "ada " + i + "\n")
                    .collect(Collectors.joining());
            for (String line : adasLines.split("(?<=\n)")) {
                ada.caretAtEnd().paste(line);
                eventually().until(() -> ada.unsaved() == 0);
            }
            eventually().until(() -> tandem.headRevision(docId) == ada.revision());
            assertThat(ada.revision() - grace.revision()).as("revisions Grace missed").isGreaterThan(REPLAYED);

            gracesNetwork.restore();
            grace.context().setOffline(false);
            String text = awaitConverged(tandem, docId, ada, grace);
            assertThat(text).isEqualTo("shared\ngrace, in flight\n" + adasLines + "grace, offline\n");
            List<OpCommitted> graces = tandem.ops(docId).stream()
                    .filter(op -> op.authorName().equals("Grace")).toList();
            assertThat(graces).extracting(OpCommitted::clientSeq).as("each of her edits once").containsExactly(1L, 2L);
            assertThat(graces).extracting(OpCommitted::clientId).as("under the clientId she had")
                    .containsOnly(graces.get(0).clientId());
            expect(grace.byTestId("kept-work")).isHidden();
            Screenshots.sideBySide("aPersonAwayForMoreRevisionsThanTheGatewayReplays", ada, grace);
            assertThat(grace.pageErrors()).isEmpty();
            assertThat(ada.pageErrors()).isEmpty();
        }
    }
}
