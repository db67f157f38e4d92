package dev.tandem.sequencer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TextEdit;
import dev.tandem.sequencer.DocumentCheckpoint;
import dev.tandem.sequencer.DocumentSequencer;
import dev.tandem.sequencer.SequencerLimits;

class CheckpointCodecTest {

    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00Z");

    private static DocumentSequencer typed(int edits, String insert) {
        DocumentSequencer doc = new DocumentSequencer("doc", SequencerLimits.DEFAULTS);
        for (int i = 0; i < edits; i++) {
            assertThat(doc.submit(new EditSubmitted("doc", "c", i + 1, doc.head(),
                    new TextEdit(TextOperation.insert(doc.length(), insert)), NOW, "Name"), NOW))
                    .isInstanceOf(OpCommitted.class);
        }
        return doc;
    }

    @Test
    void theWindowIsCutToItsNewestEditsWithinTheBudgetAndTheRestoredDocumentRefusesOlderBases() {
        DocumentSequencer doc = typed(100, "x".repeat(100));
        byte[] value = new CheckpointCodec(2_000).encode(doc.checkpoint());
        DocumentCheckpoint read = CheckpointCodec.decode(value);

        assertThat(read.window()).hasSizeBetween(1, 19);
        assertThat(read.window().get(read.window().size() - 1).revision()).isEqualTo(100);
        assertThat(read.text()).isEqualTo(doc.text());

        DocumentSequencer restored = DocumentSequencer.restore(read, SequencerLimits.DEFAULTS);
        var stale = restored.submit(new EditSubmitted("doc", "d", 1, 100 - read.window().size() - 1,
                new TextEdit(TextOperation.insert(0, "y")), NOW, "Name"), NOW);
        assertThat(stale).isInstanceOfSatisfying(EditRejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo(ErrorCode.BASE_REVISION_TOO_OLD));
        var recent = restored.submit(new EditSubmitted("doc", "d", 1, 100 - read.window().size(),
                new TextEdit(TextOperation.insert(0, "y")), NOW, "Name"), NOW);
        assertThat(recent).isInstanceOf(OpCommitted.class);
    }

    @Test
    void theTextIsRawUtf8SoTheRecordStaysWithinItsBoundWhateverItHolds() {
        String controls = "\u0000\u0001\u001f".repeat(1000); // six bytes each as JSON escapes, one here
        DocumentSequencer doc = typed(1, controls);
        int clients = SequencerLimits.DEFAULTS.clients();
        byte[] value = new CheckpointCodec(1 << 16).encode(doc.checkpoint());

        assertThat(CheckpointCodec.decode(value).text()).isEqualTo(controls);
        assertThat((long) value.length).isLessThanOrEqualTo(
                CheckpointCodec.maxBytes(doc.length(), clients, 1 << 16));
    }

    @Test
    void aValueThatIsNotACheckpointIsRefused() {
        assertThatThrownBy(() -> CheckpointCodec.decode(new byte[] {'{', '}'}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckpointCodec.decode(new byte[] {1, 0x7f, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
