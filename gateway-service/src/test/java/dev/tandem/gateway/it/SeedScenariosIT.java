package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ws.TandemTestClient;
import dev.tandem.ot.TextOperation;

/**
 * The seed scenarios of the issue, over real sockets, two clients on two different gateways, with edits made
 * concurrently (both submitted on the same base revision before either sees the other's).
 */
class SeedScenariosIT {

    private static TandemSystem system;
    private TandemTestClient ada;
    private TandemTestClient grace;

    @BeforeAll
    static void system() {
        system = TandemSystem.get();
    }

    @AfterEach
    void close() {
        ada.close();
        grace.close();
    }

    @Test
    void concurrentInsertsAtBothEndsBothSeeTheMergedText() {
        startOn("BCD");
        // both synchronized at the same revision: neither edit is based on the other
        ada.insert(0, "A");
        int graceBase = grace.revision();
        grace.insert(3, "E");
        assertThat(graceBase).as("Grace edits before she sees Ada's edit").isEqualTo(1);
        awaitConverged();
        assertThat(ada.text()).isEqualTo("ABCDE");
        assertThat(grace.text()).isEqualTo("ABCDE");
    }

    @Test
    void concurrentDeletesOfTheSameCharacterDeleteItOnce() {
        startOn("BCD");
        ada.delete(1, 1);
        grace.delete(1, 1);
        awaitConverged();
        assertThat(ada.text()).isEqualTo("BD");
        assertThat(grace.text()).isEqualTo("BD");
        assertThat(system.snapshotStateText(ada.docId())).isEqualTo("BD");
    }

    @Test
    void concurrentInsertsAtTheSamePositionGiveTheSameText() {
        startOn("BCD");
        ada.insert(1, "x");
        grace.insert(1, "y");
        awaitConverged();
        assertThat(ada.text()).isEqualTo(grace.text()).isIn("BxyCD", "ByxCD");
        assertThat(system.snapshotStateText(ada.docId())).isEqualTo(ada.text());
    }

    /** Two clients on two gateways, both holding {@code text} at the same revision. */
    private void startOn(String text) {
        String docId = "seed-" + UUID.randomUUID();
        ada = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "Ada").connect();
        await().until(ada::isSynchronized);
        ada.insert(0, text);
        await().until(ada::isSynchronized);
        grace = TandemTestClient.of(TandemSystem.ws(system.gateway2), docId, "Grace").connect();
        await().until(() -> grace.isSynchronized() && grace.revision() == ada.revision());
        assertThat(grace.text()).isEqualTo(text);
    }

    private void awaitConverged() {
        await().atMost(Duration.ofSeconds(30)).until(() -> ada.isSynchronized() && grace.isSynchronized()
                && ada.revision() == grace.revision() && ada.text().equals(grace.text()));
        assertThat(ada.violations()).isEmpty();
        assertThat(grace.violations()).isEmpty();
        assertThat(ada.errors()).isEmpty();
        assertThat(grace.errors()).isEmpty();
        // concurrent: each edit took its own revision after the common one
        assertThat(ada.revision()).isEqualTo(3);
        await().until(() -> text(ada.docId()) != null && system.snapshotState(ada.docId()).revision() == 3);
    }

    private static String text(String docId) {
        var state = system.snapshotState(docId);
        return state == null ? null : state.text();
    }
}
