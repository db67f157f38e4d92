package dev.tandem.snapshot.projection;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.snapshot.testing.OpStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read path: the text and the authorship at any revision are the latest snapshot at or before it plus fewer than
 * K ops; the authorship equals the fold of every op from revision 0.
 */
class TextAtRevisionTest {
    private static final int INTERVAL = 7;

    @Test
    void theTextAtEveryRevisionIsItsSnapshotPlusTheOpsAfterIt() {
        OpStream stream = new OpStream("doc", 42);
        DocumentFold fold = new BatchFolder(new SnapshotPolicy(INTERVAL)).fold(DocumentHead.empty("doc"),
                stream.next(300));
        List<Snapshot> snapshots = fold.snapshots();

        for (int revision = 0; revision <= 300; revision++) {
            int r = revision;
            Snapshot base = snapshots.stream().filter(s -> s.revision() <= r)
                    .max(Comparator.comparingInt(Snapshot::revision)).orElse(null);
            DocumentHead state = base == null ? DocumentHead.empty("doc")
                    : DocumentHead.restore("doc", base.revision(), base.text(), base.language(),
                    Author.authorship(base.authorship()), null, null);
            List<OpCommitted> after = new ArrayList<>(stream.ops().subList(state.revision(), revision));

            assertThat(after).hasSizeLessThan(INTERVAL);
            DocumentHead at = state.applyAll(after);
            assertThat(at.textString()).as("text at %d", revision).isEqualTo(stream.textAt(revision));
            assertThat(at.language()).as("language at %d", revision).isEqualTo(stream.languageAt(revision));
            assertThat(at.revision()).isEqualTo(revision);
            DocumentHead fromScratch = DocumentHead.empty("doc").applyAll(stream.ops().subList(0, revision));
            assertThat(at.authorship()).as("authorship at %d", revision).isEqualTo(fromScratch.authorship());
            assertThat(at.authorship().length()).isEqualTo(at.textString().codePointCount(0, at.textString().length()));
        }
    }

    @Test
    void anOpOfAnotherRevisionCannotBeApplied() {
        OpStream stream = new OpStream("doc", 1);
        List<OpCommitted> ops = stream.next(3);

        assertThatThrownBy(() -> DocumentHead.empty("doc").apply(ops.get(1)))
                .hasMessage("revision 2 of document doc does not follow revision 0 of document doc");
    }
}
