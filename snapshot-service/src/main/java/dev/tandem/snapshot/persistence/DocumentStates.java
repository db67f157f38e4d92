package dev.tandem.snapshot.persistence;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.snapshot.projection.DocumentHead;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Rebuilds a document as of any stored revision: its latest snapshot at or before the revision, plus the ops
 * after the snapshot (fewer than the snapshot interval).
 */
@ApplicationScoped
public class DocumentStates implements PanacheRepositoryBase<SnapshotEntity, RevisionKey> {
    private final OpLogStore opLog;

    public DocumentStates(OpLogStore opLog) {
        this.opLog = opLog;
    }

    /**
     * The document at {@code revision}, which must be between 0 and the head of {@code meta}.
     *
     * @throws IllegalStateException if the stored op log does not hold every revision it should
     */
    public DocumentHead stateAt(DocumentMeta meta, int revision) {
        if (revision < 0 || revision > meta.headRevision()) {
            throw new IllegalArgumentException("revision " + revision + " is outside 0.." + meta.headRevision());
        }
        if (revision == 0) {
            return DocumentHead.empty(meta.docId());
        }
        Optional<SnapshotEntity> snapshot = find("docId = ?1 and revision <= ?2 order by revision desc",
                meta.docId(), revision).firstResultOptional();
        int base = snapshot.map(s -> s.revision).orElse(0);
        // the op at the snapshot's own revision comes along for its committedAt, which the snapshot lacks
        List<OpCommitted> ops = opLog.range(meta.docId(), Math.max(base, 1), revision);
        int expected = revision - Math.max(base, 1) + 1;
        if (ops.size() != expected) {
            throw new IllegalStateException("the op log of document " + meta.docId() + " holds " + ops.size()
                    + " of the " + expected + " revisions " + Math.max(base, 1) + ".." + revision);
        }
        DocumentHead state;
        List<OpCommitted> after;
        if (snapshot.isPresent()) {
            SnapshotEntity s = snapshot.get();
            state = DocumentHead.restore(meta.docId(), s.revision, s.text(), s.language, meta.createdAt(),
                    ops.get(0).committedAt());
            after = ops.subList(1, ops.size());
        } else {
            state = DocumentHead.empty(meta.docId());
            after = ops;
        }
        return state.applyAll(after);
    }
}
