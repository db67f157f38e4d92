package dev.tandem.sequencer.kafka;

import static dev.tandem.sequencer.kafka.KafkaTestClients.uniqueDoc;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ChatMessage;
import dev.tandem.protocol.Edit;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.LanguageChange;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.SizeLimits;
import dev.tandem.protocol.TextEdit;
import dev.tandem.testsupport.TandemInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The sequencer in Quarkus against a real broker: edits in on tandem.edits, decisions out on tandem.ops. */
@QuarkusTest
@WithTestResource(TandemInfrastructureResource.class)
class EditSequencingTest {

    private static KafkaTestClients kafka;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @Inject
    KafkaSettings kafkaSettings;

    @Inject
    SequencerConfig sequencerConfig;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClients();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void twoEditsOnOneBaseAreCommittedInOrderTheSecondTransformed() {
        String doc = uniqueDoc("two-on-one-base");
        kafka.submit(edit(doc, "ada", 1, 0, new TextEdit(TextOperation.insert(0, "hello world"))));
        kafka.awaitDecisions(doc, 1);
        kafka.submit(edit(doc, "ada", 2, 1, new TextEdit(TextOperation.insert(5, ","))));
        kafka.submit(edit(doc, "bob", 1, 1, new TextEdit(TextOperation.insert(11, "!"))));

        List<SequencedEvent> decisions = kafka.awaitDecisions(doc, 3);

        assertThat(decisions).allMatch(OpCommitted.class::isInstance);
        assertThat(decisions).extracting(event -> ((OpCommitted) event).revision()).containsExactly(1, 2, 3);
        assertThat(((OpCommitted) decisions.get(2)).edit()).isEqualTo(new TextEdit(TextOperation.insert(12, "!")));
        int expected = Utils.toPositive(Utils.murmur2(doc.getBytes(StandardCharsets.UTF_8))) % 12;
        assertThat(kafka.partitionsOf(doc)).containsExactly(expected);
    }

    @Test
    void resentEditIsCommittedOnceAndAnsweredWithItsRevision() {
        String doc = uniqueDoc("resend");
        EditSubmitted edit = edit(doc, "ada", 1, 0, new TextEdit(TextOperation.insert(0, "x")));
        kafka.submit(edit);
        kafka.submit(edit);

        List<SequencedEvent> decisions = kafka.awaitDecisions(doc, 2);

        assertThat(decisions.get(0)).isInstanceOf(OpCommitted.class);
        assertThat(decisions.get(1)).isEqualTo(new EditDuplicate(doc, "ada", 1, 1));
    }

    @Test
    void languageChangesAndChatMessagesTakeRevisions() {
        String doc = uniqueDoc("language-chat");
        kafka.submit(edit(doc, "ada", 1, 0, new LanguageChange("python")));
        kafka.submit(edit(doc, "bob", 1, 0, new ChatMessage("ready?")));
        kafka.submit(edit(doc, "bob", 2, 2, new TextEdit(TextOperation.insert(0, "print()"))));

        List<SequencedEvent> decisions = kafka.awaitDecisions(doc, 3);

        assertThat(decisions).extracting(event -> ((OpCommitted) event).revision()).containsExactly(1, 2, 3);
        assertThat(((OpCommitted) decisions.get(1)).edit()).isEqualTo(new ChatMessage("ready?"));
    }

    @Test
    void editAheadOfTheHeadIsRejectedWithAReasonAndTakesNoRevision() {
        String doc = uniqueDoc("ahead");
        kafka.submit(edit(doc, "ada", 1, 7, new TextEdit(TextOperation.insert(0, "x"))));
        kafka.submit(edit(doc, "ada", 1, 0, new TextEdit(TextOperation.insert(0, "y"))));

        List<SequencedEvent> decisions = kafka.awaitDecisions(doc, 2);

        assertThat(decisions.get(0)).isInstanceOfSatisfying(EditRejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(ErrorCode.BASE_REVISION_AHEAD);
            assertThat(rejected.message()).contains("baseRevision 7 is ahead of the document's head revision 0");
        });
        assertThat(decisions.get(1)).isInstanceOfSatisfying(OpCommitted.class,
                committed -> assertThat(committed.revision()).isEqualTo(1));
    }

    @Test
    void undecodableRecordIsSkippedAndTheEditsAfterItAreSequenced() {
        String doc = uniqueDoc("poison");
        kafka.submitGarbage(doc);
        kafka.submit(edit(doc, "ada", 1, 0, new TextEdit(TextOperation.insert(0, "x"))));

        List<SequencedEvent> decisions = kafka.awaitDecisions(doc, 1);

        assertThat(decisions).singleElement().isInstanceOf(OpCommitted.class);
    }

    @Test
    void metricsCountCommittedEditsAndHealthIsUp() throws Exception {
        String doc = uniqueDoc("metrics");
        kafka.submit(edit(doc, "ada", 1, 0, new TextEdit(TextOperation.insert(0, "x"))));
        kafka.awaitDecisions(doc, 1);

        assertThat(get("/q/metrics")).contains("tandem_sequencer_edits_sequenced_total")
                .contains("tandem_sequencer_documents_hot").contains("tandem_sequencer_rebuild_seconds");
        String ready = get("/q/health/ready");
        assertThat(ready).contains("\"status\": \"UP\"").contains(ProgressHealthCheck.NAME);
    }

    @Test
    void theClientsAreSizedFromTheFrameLimit() {
        String largest = String.valueOf(SizeLimits.maxKafkaRecordBytes(SizeLimits.DEFAULT_MAX_FRAME_BYTES));
        // the producer also writes checkpoints: whole documents, larger than any decision
        assertThat(String.valueOf(kafkaSettings.producer(sequencerConfig.checkpointMaxBytes(), java.util.Map.of())
                .get("max.request.size"))).isEqualTo(String.valueOf(sequencerConfig.checkpointMaxBytes()));
        assertThat(String.valueOf(kafkaSettings.consumer(java.util.Map.of()).get("max.partition.fetch.bytes")))
                .isEqualTo(largest);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static EditSubmitted edit(String doc, String clientId, long clientSeq, int base, Edit edit) {
        return new EditSubmitted(doc, clientId, clientSeq, base, edit, Instant.now(), "Name");
    }
}
