package dev.tandem.snapshot.persistence;

import dev.tandem.ot.Authorship;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TextEdit;
import dev.tandem.snapshot.projection.Author;
import dev.tandem.snapshot.projection.DocumentHead;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Rebuilds a document as of any stored revision: its latest snapshot at or before the revision, plus the ops
 * after the snapshot (fewer than the snapshot interval). The authorship likewise: the runs stored with that
 * snapshot plus the text edits after it, never a fold from revision 0 (but for snapshots stored before the runs
 * were, V3: then from the latest snapshot that has them, or from revision 0).
 */
@ApplicationScoped
public class DocumentStates implements PanacheRepositoryBase<SnapshotEntity, RevisionKey> {
    private final OpLogStore opLog;

    public DocumentStates(OpLogStore opLog) {
        this.opLog = opLog;
    }

    /** Stored authorship runs at {@code revision}. */
    private record StoredAuthorship(int revision, Authorship<Author> authorship) {
        static final StoredAuthorship NONE = new StoredAuthorship(0, Authorship.empty());
    }

    /**
     * The document at {@code revision}, which must be between 0 and the head of {@code meta}.
     *
     * @throws IllegalStateException if the stored op log does not hold every revision it should
     */
    public DocumentHead stateAt(DocumentMeta meta, int revision) {
        checkRange(meta, revision);
        if (revision == 0) {
            return DocumentHead.empty(meta.docId());
        }
        Optional<SnapshotEntity> snapshot = find("docId = ?1 and revision <= ?2 order by revision desc",
                meta.docId(), revision).firstResultOptional();
        int base = snapshot.map(s -> s.revision).orElse(0);
        StoredAuthorship authors = snapshot.filter(s -> s.authorship != null)
                .map(s -> new StoredAuthorship(s.revision, decode(s.authorship)))
                .orElseGet(() -> latestAuthorship(meta.docId(), revision));
        // the op at the snapshot's own revision comes along for its committedAt, which the snapshot lacks
        int from = Math.max(Math.min(base, authors.revision()), 1);
        List<OpCommitted> ops = complete(meta, opLog.range(meta.docId(), from, revision), from, revision);
        Authorship<Author> authorshipAtBase = fold(authors.authorship(), ops, authors.revision(), base);
        DocumentHead state;
        if (snapshot.isPresent()) {
            SnapshotEntity s = snapshot.get();
            state = DocumentHead.restore(meta.docId(), s.revision, s.text(), s.language, authorshipAtBase,
                    meta.createdAt(), ops.get(base - from).committedAt());
        } else {
            state = DocumentHead.empty(meta.docId());
        }
        return state.applyAll(ops.subList(Math.max(base - from + 1, 0), ops.size()));
    }

    /**
     * Who wrote each code point at {@code revision} (0 to the head of {@code meta}): the latest stored runs at or
     * before it plus the text edits after them.
     *
     * @throws IllegalStateException if the stored op log does not hold every revision it should
     */
    public Authorship<Author> authorshipAt(DocumentMeta meta, int revision) {
        checkRange(meta, revision);
        if (revision == 0) {
            return Authorship.empty();
        }
        StoredAuthorship stored = latestAuthorship(meta.docId(), revision);
        if (stored.revision() == revision) {
            return stored.authorship();
        }
        int from = stored.revision() + 1;
        List<OpCommitted> ops = complete(meta, opLog.range(meta.docId(), from, revision), from, revision);
        return fold(stored.authorship(), ops, stored.revision(), revision);
    }

    /** The runs stored with the latest snapshot at or before {@code revision} that has them. */
    private StoredAuthorship latestAuthorship(String docId, int revision) {
        List<Object[]> rows = getEntityManager().createQuery("select s.revision, s.authorship from SnapshotEntity s"
                        + " where s.docId = :doc and s.revision <= :revision and s.authorship is not null"
                        + " order by s.revision desc", Object[].class)
                .setParameter("doc", docId).setParameter("revision", revision).setMaxResults(1).getResultList();
        if (rows.isEmpty()) {
            return StoredAuthorship.NONE;
        }
        return new StoredAuthorship((Integer) rows.get(0)[0], decode((String) rows.get(0)[1]));
    }

    /** {@code authorship} at {@code revision}, moved on by the text edits of {@code ops} after it up to {@code to}. */
    private static Authorship<Author> fold(Authorship<Author> authorship, List<OpCommitted> ops, int revision,
                                           int to) {
        Authorship<Author> result = authorship;
        for (OpCommitted op : ops) {
            if (op.revision() > revision && op.revision() <= to && op.edit() instanceof TextEdit edit) {
                result = result.apply(edit.op(), Author.of(op));
            }
        }
        return result;
    }

    private static Authorship<Author> decode(String json) {
        return Author.authorship(AuthorshipColumn.decode(json));
    }

    private static void checkRange(DocumentMeta meta, int revision) {
        if (revision < 0 || revision > meta.headRevision()) {
            throw new IllegalArgumentException("revision " + revision + " is outside 0.." + meta.headRevision());
        }
    }

    private static List<OpCommitted> complete(DocumentMeta meta, List<OpCommitted> ops, int from, int to) {
        int expected = to - from + 1;
        if (ops.size() != expected) {
            throw new IllegalStateException("the op log of document " + meta.docId() + " holds " + ops.size()
                    + " of the " + expected + " revisions " + from + ".." + to);
        }
        return ops;
    }
}
