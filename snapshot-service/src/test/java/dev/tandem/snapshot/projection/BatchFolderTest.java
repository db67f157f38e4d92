package dev.tandem.snapshot.projection;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ChatMessage;
import dev.tandem.protocol.LanguageChange;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TextEdit;
import dev.tandem.snapshot.testing.OpStream;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchFolderTest {
    private static final Instant AT = Instant.parse("2025-01-15T09:30:00Z");
    private final BatchFolder folder = new BatchFolder(new SnapshotPolicy(3));

    @Test
    void opsAtTheNextRevisionAreAppendedAndMoveTheHead() {
        DocumentFold fold = folder.fold(DocumentHead.empty("doc"),
                List.of(text(1, 0, "hello"), text(2, 5, " world")));

        assertThat(fold.appended()).extracting(OpCommitted::revision).containsExactly(1, 2);
        assertThat(fold.after().revision()).isEqualTo(2);
        assertThat(fold.after().textString()).isEqualTo("hello world");
        assertThat(fold.after().createdAt()).isEqualTo(AT.plusSeconds(1));
        assertThat(fold.after().lastEditedAt()).isEqualTo(AT.plusSeconds(2));
        assertThat(fold.stall()).isNull();
        assertThat(fold.changes()).isTrue();
    }

    @Test
    void redeliveredOpsAtOrBelowTheHeadAreSkipped() {
        DocumentHead head = folder.fold(DocumentHead.empty("doc"), List.of(text(1, 0, "a"), text(2, 1, "b"))).after();

        DocumentFold again = folder.fold(head, List.of(text(1, 0, "a"), text(2, 1, "b"), text(3, 2, "c"),
                text(3, 2, "c")));

        assertThat(again.redelivered()).isEqualTo(3);
        assertThat(again.appended()).extracting(OpCommitted::revision).containsExactly(3);
        assertThat(again.after().textString()).isEqualTo("abc");
    }

    @Test
    void aBatchOfOnlyRedeliveriesChangesNothing() {
        DocumentHead head = folder.fold(DocumentHead.empty("doc"), List.of(text(1, 0, "a"))).after();

        DocumentFold again = folder.fold(head, List.of(text(1, 0, "a")));

        assertThat(again.changes()).isFalse();
        assertThat(again.after()).isEqualTo(head);
    }

    @Test
    void aGapStallsTheDocumentAndNothingPastItIsWritten() {
        DocumentFold fold = folder.fold(DocumentHead.empty("doc"),
                List.of(text(1, 0, "a"), text(4, 1, "d"), text(5, 2, "e")));

        assertThat(fold.appended()).extracting(OpCommitted::revision).containsExactly(1);
        assertThat(fold.after().revision()).isEqualTo(1);
        assertThat(fold.unapplied()).isEqualTo(2);
        assertThat(fold.stall()).isEqualTo(new Stall("doc", 1, 4, "gap: revision 4 of document doc arrived at head"
                + " revision 1; revisions 2..3 are missing from tandem.ops"));
    }

    @Test
    void aNewDocumentWhoseFirstOpIsNotRevisionOneStalls() {
        DocumentFold fold = folder.fold(DocumentHead.empty("doc"), List.of(text(2, 0, "b")));

        assertThat(fold.stall().reason()).endsWith("revision 1 is missing from tandem.ops");
        assertThat(fold.appended()).isEmpty();
        assertThat(fold.changes()).isTrue();
    }

    @Test
    void anOpThatDoesNotFitTheTextStallsTheDocument() {
        OpCommitted tooLong = op(2, new TextEdit(TextOperation.delete(0, 10)));

        DocumentFold fold = folder.fold(DocumentHead.empty("doc"), List.of(text(1, 0, "abc"), tooLong));

        assertThat(fold.after().textString()).isEqualTo("abc");
        assertThat(fold.stall().reason()).isEqualTo("revision 2 of document doc does not apply to revision 1:"
                + " op retains or deletes 10 code points but the document has only 3");
    }

    @Test
    void snapshotsAreTakenAtEveryMultipleOfTheInterval() {
        OpStream stream = new OpStream("doc", 7);
        DocumentFold fold = folder.fold(DocumentHead.empty("doc"), stream.next(10));

        assertThat(fold.snapshots()).extracting(Snapshot::revision).containsExactly(3, 6, 9);
        assertThat(fold.snapshots()).allSatisfy(s -> {
            assertThat(s.text()).isEqualTo(stream.textAt(s.revision()));
            assertThat(s.language()).isEqualTo(stream.languageAt(s.revision()));
        });
    }

    @Test
    void languageAndChatTakeARevisionWithoutChangingTheText() {
        DocumentFold fold = folder.fold(DocumentHead.empty("doc"), List.of(text(1, 0, "x"),
                op(2, new LanguageChange("python")), op(3, new ChatMessage("hi"))));

        assertThat(fold.after().revision()).isEqualTo(3);
        assertThat(fold.after().textString()).isEqualTo("x");
        assertThat(fold.after().language()).isEqualTo("python");
    }

    @Test
    void foldingInAnyBatchesWithRedeliveriesWritesEachRevisionOnce() {
        OpStream stream = new OpStream("doc", 11);
        List<OpCommitted> all = stream.next(200);
        java.util.Random random = new java.util.Random(3);
        List<OpCommitted> written = new ArrayList<>();
        List<Snapshot> snapshots = new ArrayList<>();
        DocumentHead head = DocumentHead.empty("doc");
        int next = 0;
        while (next < all.size()) {
            // a batch starts up to 5 revisions back (a redelivery after a crash) and runs up to 30 further
            int from = Math.max(0, next - random.nextInt(6));
            int to = Math.min(all.size(), next + 1 + random.nextInt(30));
            DocumentFold fold = folder.fold(head, all.subList(from, to));
            written.addAll(fold.appended());
            snapshots.addAll(fold.snapshots());
            head = fold.after();
            next = to;
        }

        assertThat(written).isEqualTo(all);
        assertThat(head.textString()).isEqualTo(stream.textAt(200));
        assertThat(snapshots).extracting(Snapshot::revision).doesNotHaveDuplicates().hasSize(200 / 3);
    }

    @Test
    void theSnapshotIntervalMustBePositive() {
        assertThatThrownBy(() -> new SnapshotPolicy(0)).hasMessage("the snapshot interval must be >= 1, was 0");
        assertThat(new SnapshotPolicy(1).isDue(1)).isTrue();
        assertThat(new SnapshotPolicy(5).isDue(0)).isFalse();
    }

    private static OpCommitted text(int revision, int at, String insert) {
        return op(revision, new TextEdit(TextOperation.insert(at, insert)));
    }

    private static OpCommitted op(int revision, dev.tandem.protocol.Edit edit) {
        return new OpCommitted("doc", revision, "c-ada", revision, edit, AT.plusSeconds(revision), "Ada");
    }
}
