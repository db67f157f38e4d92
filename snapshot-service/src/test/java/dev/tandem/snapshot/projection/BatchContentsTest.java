package dev.tandem.snapshot.projection;

import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.snapshot.testing.OpStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchContentsTest {

    @Test
    void rejectionsDuplicatesAndPoisonAreCountedAndEachDocumentKeepsItsOrder() {
        OpStream a = new OpStream("a", 1);
        OpStream b = new OpStream("b", 2);
        List<SequencedEvent> events = new ArrayList<>();
        events.add(a.next());
        events.add(b.next());
        events.add(new EditRejected("a", "c-x", 4, ErrorCode.OP_DOES_NOT_FIT, "too long"));
        events.add(null);
        events.add(a.next());
        events.add(new EditDuplicate("b", "c-y", 1, 1));
        events.add(b.next());

        BatchContents batch = BatchContents.of(events);

        assertThat(batch.opsByDocument().keySet()).containsExactly("a", "b");
        assertThat(batch.opsByDocument().get("a")).extracting(OpCommitted::revision).containsExactly(1, 2);
        assertThat(batch.opsByDocument().get("b")).extracting(OpCommitted::revision).containsExactly(1, 2);
        assertThat(batch.records()).isEqualTo(7);
        assertThat(batch.rejected()).isEqualTo(1);
        assertThat(batch.duplicates()).isEqualTo(1);
        assertThat(batch.poison()).isEqualTo(1);
        assertThat(batch.opCount()).isEqualTo(4);
    }

    @Test
    void aBatchWithoutCommittedOpsHasNothingToWrite() {
        List<SequencedEvent> events = new ArrayList<>();
        events.add(null);
        assertThat(BatchContents.of(events).hasOps()).isFalse();
    }
}
