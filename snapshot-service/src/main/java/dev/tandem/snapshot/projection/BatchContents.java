package dev.tandem.snapshot.projection;

import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of {@code tandem.ops} records sorted for the projection: the committed ops of each document in log
 * order, and counts of what the read side ignores. Rejections and duplicates take no revision; a poison record
 * (a value that did not decode, read as null) is skipped here and shows up as a gap if it was a revision.
 *
 * @param opsByDocument in order of each document's first op in the batch
 */
public record BatchContents(Map<String, List<OpCommitted>> opsByDocument, int records, int rejected,
                            int duplicates, int poison) {

    public static BatchContents of(List<? extends SequencedEvent> events) {
        Map<String, List<OpCommitted>> byDocument = new LinkedHashMap<>();
        int rejected = 0;
        int duplicates = 0;
        int poison = 0;
        for (SequencedEvent event : events) {
            if (event instanceof OpCommitted op) {
                byDocument.computeIfAbsent(op.docId(), id -> new ArrayList<>()).add(op);
            } else if (event instanceof EditRejected) {
                rejected++;
            } else if (event instanceof EditDuplicate) {
                duplicates++;
            } else {
                poison++;
            }
        }
        return new BatchContents(byDocument, events.size(), rejected, duplicates, poison);
    }

    public boolean hasOps() {
        return !opsByDocument.isEmpty();
    }

    public int opCount() {
        return opsByDocument.values().stream().mapToInt(List::size).sum();
    }
}
