package dev.tandem.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TextEdit;

class HotDocumentsTest {

    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00Z");
    private static final SequencerLimits LIMITS = SequencerLimits.DEFAULTS;

    @Test
    void leastRecentlyUsedDocumentIsEvictedOnTrimAndRememberedAsMaybeEvicted() {
        HotDocuments hot = new HotDocuments(2);
        hot.put(0, new DocumentSequencer("a", LIMITS));
        hot.put(0, new DocumentSequencer("b", LIMITS));
        hot.get("a");
        hot.put(1, new DocumentSequencer("c", LIMITS));
        assertThat(hot.size()).as("a batch's documents hold uncommitted state: none evicted yet").isEqualTo(3);

        hot.trim();

        assertThat(hot.get("b")).isNull();
        assertThat(hot.mayHaveEvicted(0, "b")).isTrue();
        assertThat(hot.mayHaveEvicted(0, "never-seen")).isFalse();
        assertThat(hot.size()).isEqualTo(2);
    }

    @Test
    void foldSkipsTheRestOfADocumentItEvictedAndMarksIt() {
        HotDocuments hot = new HotDocuments(1);
        hot.fold(3, op("a", 1, "x"), LIMITS);
        hot.fold(3, op("b", 1, "y"), LIMITS); // evicts a
        hot.fold(3, op("a", 2, "z"), LIMITS); // a's revision 1 is gone: skipped, not folded onto an empty text

        assertThat(hot.get("a")).isNull();
        assertThat(hot.mayHaveEvicted(3, "a")).isTrue();
        assertThat(hot.get("b").text()).isEqualTo("y");
    }

    @Test
    void documentWithAGapInItsLogIsRefusedAndTheOthersOfItsPartitionGoOn() {
        HotDocuments hot = new HotDocuments(10);
        hot.fold(0, op("a", 1, "x"), LIMITS);
        hot.fold(0, op("a", 3, "y"), LIMITS); // revision 2 is missing
        hot.fold(0, op("b", 1, "z"), LIMITS);

        assertThat(hot.get("a").damage()).hasValueSatisfying(damage ->
                assertThat(damage).contains("expected revision 2"));
        EditSubmitted edit = new EditSubmitted("a", "cy", 1, 1, new TextEdit(TextOperation.insert(0, "!")), NOW, "C");
        assertThat(hot.get("a").submit(edit, NOW)).isInstanceOfSatisfying(EditRejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
        assertThat(hot.get("b").text()).isEqualTo("z");
    }

    @Test
    void droppingAPartitionForgetsItsDocumentsAndItsEvictions() {
        HotDocuments hot = new HotDocuments(1);
        hot.put(0, new DocumentSequencer("a", LIMITS));
        hot.put(0, new DocumentSequencer("b", LIMITS));
        hot.put(1, new DocumentSequencer("c", LIMITS));
        hot.trim();

        hot.dropPartition(0);

        assertThat(hot.mayHaveEvicted(0, "a")).isFalse();
        assertThat(hot.get("c")).isNotNull();
    }

    private static OpCommitted op(String docId, int revision, String text) {
        return new OpCommitted(docId, revision, "ada", revision, new TextEdit(TextOperation.insert(0, text)), NOW,
                "Ada");
    }
}
