package dev.tandem.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.ws.TandemTestClient;
import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TextEdit;
import dev.tandem.ot.TextOperation;

/** Reconnecting clients get what they missed, and their pending edit is applied exactly once. */
class ReconnectIT {

    private static TandemSystem system;

    @BeforeAll
    static void system() {
        system = TandemSystem.get();
    }

    @Test
    void aResumingClientGetsWhatItMissedAndItsPendingEditsAreAppliedOnce() {
        String docId = "resume-" + UUID.randomUUID();
        try (TandemTestClient ada = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "Ada").connect();
             TandemTestClient bob = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "Bob").connect()) {
            await().until(() -> ada.isSynchronized() && bob.isSynchronized());
            ada.insert(0, "hello");
            await().until(() -> bob.text().equals("hello") && ada.isSynchronized());

            ada.insert(5, " world"); // in flight (or not yet sent) when the connection drops
            ada.drop();
            ada.insert(0, ">"); // made while offline: buffered
            for (int i = 0; i < 10; i++) {
                bob.insert(0, String.valueOf(i));
                await().until(bob::isSynchronized);
            }
            ada.moveTo(TandemSystem.ws(system.gateway2)).connect(); // resumes on the other gateway

            awaitSame(ada, bob);
            assertThat(ada.text()).isEqualTo(bob.text()).endsWith("hello world").contains(">");
            assertExactlyOnce(docId, ada, bob);
        }
    }

    @Test
    void aClientAwayLongerThanTheGatewaysWindowResumesFromHistoryWithoutLosingItsEdit() {
        String docId = "away-" + UUID.randomUUID();
        try (TandemTestClient ada = TandemTestClient.of(TandemSystem.ws(system.gateway2), docId, "Ada").connect();
             TandemTestClient bob = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "Bob").connect()) {
            await().until(() -> ada.isSynchronized() && bob.isSynchronized());
            ada.insert(0, "base");
            await().until(() -> bob.text().equals("base") && ada.isSynchronized());
            int away = ada.revision();

            ada.insert(4, "!"); // pending
            ada.drop();
            for (int i = 0; i < 60; i++) { // gateway-2 keeps only 20 revisions per document
                bob.insert(0, "b");
                await().until(bob::isSynchronized);
            }
            ada.connect();

            awaitSame(ada, bob);
            assertThat(ada.text()).endsWith("base!");
            assertThat(ada.received()).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(
                    ServerMessage.Resumed.class, r -> assertThat(r.revision()).isEqualTo(away)));
            assertExactlyOnce(docId, ada, bob);
        }
    }

    @Test
    void aResentEditThatWasAlreadyCommittedIsAcknowledgedOnceAndNotAppliedAgain() {
        String docId = "resend-" + UUID.randomUUID();
        try (TandemTestClient raw = TandemTestClient.of(TandemSystem.ws(system.gateway1), docId, "Raw").open();
             TandemTestClient again = TandemTestClient.of(TandemSystem.ws(system.gateway2), docId, "Raw")) {
            String clientId = "c-resend-" + UUID.randomUUID().toString().substring(0, 8);
            raw.send(new ClientMessage.Join(docId, clientId, "Raw", "#123456"));
            await().until(() -> raw.received().size() >= 1);
            ClientMessage.Submit submit = new ClientMessage.Submit(1, 0, new TextEdit(TextOperation.insert(0, "once")));
            raw.send(submit);
            await().until(() -> raw.received().stream().anyMatch(m -> m instanceof ServerMessage.Ack));
            raw.drop();

            // as if the ack never arrived: resume from revision 0 and resend clientSeq 1
            again.open();
            again.send(new ClientMessage.Join(docId, clientId, "Raw", "#123456", 0));
            again.send(submit);
            again.send(new ClientMessage.Submit(2, 1, new TextEdit(TextOperation.insert(4, "!"))));
            await().until(() -> again.received().stream().filter(m -> m instanceof ServerMessage.Ack).count() == 2);

            assertThat(again.received()).filteredOn(m -> m instanceof ServerMessage.Ack)
                    .containsExactly(new ServerMessage.Ack(1, 1), new ServerMessage.Ack(2, 2));
            // the resend reached the sequencer, whose EditDuplicate named a revision already delivered here
            await().until(() -> again.hasError(ErrorCode.ALREADY_COMMITTED));
            assertThat(again.errors()).singleElement().satisfies(e -> {
                assertThat(e.fatal()).isFalse();
                assertThat(e.clientSeq()).hasValue(1);
            });
            await().until(() -> "once!".equals(system.snapshotStateText(docId)));
            assertThat(system.allOps(docId)).extracting(OpCommitted::clientSeq).containsExactly(1L, 2L);
        }
    }

    static void awaitSame(TandemTestClient... clients) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (TandemTestClient c : clients) {
                if (!c.isSynchronized() || c.revision() != clients[0].revision()
                        || !c.text().equals(clients[0].text())) {
                    return false;
                }
            }
            return true;
        });
        for (TandemTestClient c : clients) {
            assertThat(c.violations()).as(c.clientId() + " violations").isEmpty();
        }
    }

    /** Every submitted edit acknowledged once, committed once, and the log contiguous and equal to the clients. */
    static void assertExactlyOnce(String docId, TandemTestClient... clients) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var state = TandemSystem.get().snapshotState(docId);
            return state != null && state.revision() == clients[0].revision();
        });
        assertThat(TandemSystem.get().snapshotStateText(docId)).isEqualTo(clients[0].text());
        List<OpCommitted> log = TandemSystem.get().allOps(docId);
        for (int i = 0; i < log.size(); i++) {
            assertThat(log.get(i).revision()).isEqualTo(i + 1);
        }
        Map<String, Integer> commits = new HashMap<>();
        log.forEach(op -> commits.merge(op.clientId() + "#" + op.clientSeq(), 1, Integer::sum));
        assertThat(commits.values()).allMatch(n -> n == 1);
        for (TandemTestClient c : clients) {
            assertThat(c.acks().keySet()).as(c.clientId() + " acks").containsExactlyInAnyOrderElementsOf(c.submitted());
            for (long seq : c.submitted()) {
                assertThat(commits).containsEntry(c.clientId() + "#" + seq, 1);
            }
        }
    }
}
