package dev.tandem.snapshot.projection;

import dev.tandem.protocol.OpCommitted;

import java.util.List;

/**
 * What one batch does to one document: the rows to write and the head they lead to.
 *
 * @param before      the head the batch was folded onto (what the database holds)
 * @param after       the head after {@code appended}; equal to {@code before} when nothing was appended
 * @param appended    the ops to insert, consecutive from {@code before.revision() + 1}
 * @param snapshots   the snapshots due among {@code appended}
 * @param redelivered ops at or below the head, already stored: skipped
 * @param stall       why the fold stopped before the end of the batch, or null if it did not
 * @param unapplied   ops at or after the stall, not written
 */
public record DocumentFold(DocumentHead before, DocumentHead after, List<OpCommitted> appended,
                           List<Snapshot> snapshots, int redelivered, Stall stall, int unapplied) {

    public DocumentFold {
        appended = List.copyOf(appended);
        snapshots = List.copyOf(snapshots);
    }

    public String docId() {
        return before.docId();
    }

    /** Whether the database needs to change for this document. */
    public boolean changes() {
        return !appended.isEmpty() || stall != null;
    }
}
