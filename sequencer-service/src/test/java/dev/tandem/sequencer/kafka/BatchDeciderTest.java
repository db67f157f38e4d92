package dev.tandem.sequencer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TextEdit;
import dev.tandem.sequencer.kafka.BatchDecider.Decided;
import dev.tandem.sequencer.kafka.BatchDecider.Input;

/** One record never stops a batch: a decision that throws, or a record Kafka refused before, is answered. */
class BatchDeciderTest {

    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00Z");
    private static final int PARTITIONS = 12;

    private final PoisonRecords poison = new PoisonRecords();

    /** Commits every edit at revision clientSeq, and throws for the client "bug". */
    private final BatchDecider decider = new BatchDecider((partition, submitted, now) -> {
        if (submitted.clientId().equals("bug")) {
            throw new IllegalStateException("a bug");
        }
        return OpCommitted.of(submitted, (int) submitted.clientSeq(), submitted.edit(), now);
    }, poison, PARTITIONS);

    @Test
    void anEditWhoseDecisionThrowsIsRefusedAndSetAsideAndTheOthersAreDecided() {
        List<Input> batch = List.of(input("doc-a", "ada", 1, 10), input("doc-a", "bug", 1, 11),
                input("doc-a", "ada", 2, 12), input("doc-b", "bob", 1, 13));

        Decided decided = decider.decide(batch, NOW);

        List<SequencedEvent> events = decided.events();
        assertThat(events.get(0)).isInstanceOf(OpCommitted.class);
        assertThat(events.get(1)).isInstanceOfSatisfying(EditRejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(rejected.clientId()).isEqualTo("bug");
        });
        // the document's state may be half changed: its later edits of the batch are refused, to be resent
        assertThat(events.get(2)).isInstanceOfSatisfying(EditRejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
        assertThat(events.get(3)).isInstanceOf(OpCommitted.class);
        assertThat(decided.deadLettered()).singleElement().satisfies(routed -> {
            assertThat(routed.source()).isEqualTo(new Source("tandem.edits", partitionOf("doc-a"), 11));
            assertThat(routed.deadLetterReason()).isEqualTo("IllegalStateException: a bug");
        });
        assertThat(decided.broken()).containsExactly(partitionOf("doc-a"));
    }

    @Test
    void aRecordWhoseOutputKafkaRefusedIsAnsweredWhenConsumedAgain() {
        Input big = input("doc-a", "ada", 1, 20);
        Input after = input("doc-a", "ada", 2, 21);
        poison.transactionBegins();
        poison.sendFailed(big.source(), new RecordTooLargeException("The message is 2000000 bytes"));
        // the records after it fail only because it failed: they are not its fault
        poison.sendFailed(after.source(), new KafkaException("Cannot perform send because at least one previous "
                + "transactional or idempotent request has failed with errors.",
                new RecordTooLargeException("The message is 2000000 bytes")));
        assertThat(poison.learnFromAbort()).isEqualTo(1);

        Decided decided = decider.decide(List.of(big, after), NOW);

        assertThat(decided.events().get(0)).isInstanceOfSatisfying(EditRejected.class, rejected -> {
            assertThat(rejected.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
            assertThat(rejected.message()).contains("could not be written to the log")
                    .contains("RecordTooLargeException");
        });
        assertThat(decided.events().get(1)).isInstanceOf(OpCommitted.class);
        assertThat(decided.deadLettered()).extracting(BatchDecider.Routed::source).containsExactly(big.source());
    }

    @Test
    void onlyTheRecordsOwnRefusalIsAPoison() {
        assertThat(PoisonRecords.classify(new RecordTooLargeException("x"))).get()
                .extracting(PoisonRecords.Poison::code).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
        assertThat(PoisonRecords.classify(new RuntimeException(new RecordTooLargeException("x")))).isPresent();
        assertThat(PoisonRecords.classify(new KafkaException("previous failed", new RecordTooLargeException("x"))))
                .isEmpty();
        assertThat(PoisonRecords.classify(new TransactionAbortedException("aborted"))).isEmpty();
        assertThat(PoisonRecords.classify(new org.apache.kafka.common.errors.SerializationException("x"))).get()
                .extracting(PoisonRecords.Poison::code).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    private static Input input(String doc, String clientId, long clientSeq, long offset) {
        return new Input(new Source("tandem.edits", partitionOf(doc), offset), new EditSubmitted(doc, clientId,
                clientSeq, 0, new TextEdit(TextOperation.insert(0, "x")), NOW, "Name"));
    }

    private static int partitionOf(String docId) {
        return Utils.toPositive(Utils.murmur2(docId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}
