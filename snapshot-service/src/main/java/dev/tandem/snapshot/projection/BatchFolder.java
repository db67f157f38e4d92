package dev.tandem.snapshot.projection;

import dev.tandem.protocol.OpCommitted;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds a batch of one document's committed ops, in log order, onto its stored head. The rules, which make
 * at-least-once delivery harmless and never let a hole into the op log:
 * <ul>
 *   <li>revision {@code <= head}: a redelivery, already stored; skipped;</li>
 *   <li>revision {@code == head + 1}: applied and appended; a snapshot when the policy says so;</li>
 *   <li>revision {@code > head + 1}, or an op that does not apply to the text: the document stalls; that op and
 *       every later one of the batch are left unwritten.</li>
 * </ul>
 */
public final class BatchFolder {
    private final SnapshotPolicy policy;

    public BatchFolder(SnapshotPolicy policy) {
        this.policy = policy;
    }

    public DocumentFold fold(DocumentHead head, List<OpCommitted> ops) {
        DocumentHead state = head;
        List<OpCommitted> appended = new ArrayList<>();
        List<Snapshot> snapshots = new ArrayList<>();
        int redelivered = 0;
        for (int i = 0; i < ops.size(); i++) {
            OpCommitted op = ops.get(i);
            if (op.revision() <= state.revision()) {
                redelivered++;
                continue;
            }
            Stall stall = null;
            if (op.revision() > state.revision() + 1) {
                stall = Stall.gap(state.docId(), state.revision(), op.revision());
            } else {
                try {
                    state = state.apply(op);
                } catch (IllegalArgumentException e) {
                    // InvalidOperationException (the op does not fit the text) or an edit kind this build lacks
                    stall = Stall.unfit(state.docId(), state.revision(), op.revision(), e.getMessage());
                }
            }
            if (stall != null) {
                return new DocumentFold(head, state, appended, snapshots, redelivered, stall, ops.size() - i);
            }
            appended.add(op);
            if (policy.isDue(state.revision())) {
                snapshots.add(Snapshot.of(state));
            }
        }
        return new DocumentFold(head, state, appended, snapshots, redelivered, null, 0);
    }
}
