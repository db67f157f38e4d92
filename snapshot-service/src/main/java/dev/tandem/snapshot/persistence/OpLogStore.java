package dev.tandem.snapshot.persistence;

import dev.tandem.protocol.ChatMessage;
import dev.tandem.protocol.ForkOrigin;
import dev.tandem.protocol.ForkedFrom;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.VersionName;
import dev.tandem.protocol.history.ChatEntry;
import dev.tandem.protocol.history.NamedVersion;
import dev.tandem.protocol.history.RevisionInfo;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads the op log. Every method returns protocol records; callers bound the ranges they ask for. */
@ApplicationScoped
public class OpLogStore implements PanacheRepositoryBase<OpEntity, RevisionKey> {

    /** Receives a document's revisions one at a time, in order. */
    @FunctionalInterface
    public interface RevisionVisitor {
        void visit(int revision, Instant committedAt, String authorName);
    }

    /** The committed ops of revisions {@code from..to} (inclusive) stored for the document, in order. */
    public List<OpCommitted> range(String docId, int from, int to) {
        return list("docId = ?1 and revision between ?2 and ?3 order by revision", docId, from, to).stream()
                .map(OpEntity::toEvent).toList();
    }

    /** Revisions {@code from..to} (inclusive) without their edits. */
    public List<RevisionInfo> revisions(String docId, int from, int to) {
        return getEntityManager().createQuery("select o.revision, o.kind, o.clientId, o.authorName, o.committedAt"
                        + " from OpEntity o where o.docId = :doc and o.revision between :from and :to"
                        + " order by o.revision", Object[].class)
                .setParameter("doc", docId).setParameter("from", from).setParameter("to", to)
                .getResultStream()
                .map(row -> new RevisionInfo((Integer) row[0], (String) row[1], (String) row[2], (String) row[3],
                        (Instant) row[4]))
                .toList();
    }

    /** Streams the time and author of revisions 1..{@code upTo}, in order, without loading edits: the timeline's input. */
    public void forEachRevision(String docId, int upTo, RevisionVisitor visitor) {
        try (Stream<Object[]> rows = getEntityManager().createQuery("select o.revision, o.committedAt,"
                        + " o.authorName from OpEntity o where o.docId = :doc and o.revision <= :upTo"
                        + " order by o.revision", Object[].class)
                .setParameter("doc", docId).setParameter("upTo", upTo)
                .setHint("org.hibernate.fetchSize", 1000)
                .getResultStream()) {
            rows.forEach(row -> visitor.visit((Integer) row[0], (Instant) row[1], (String) row[2]));
        }
    }

    /** Up to {@code limit} chat messages committed before {@code before}, newest first. */
    public List<ChatEntry> chatBefore(String docId, int before, int limit) {
        return find("docId = ?1 and kind = ?2 and revision < ?3 order by revision desc", docId, ChatMessage.KIND,
                before).page(0, limit).list().stream()
                .map(o -> new ChatEntry(o.revision, o.clientId, o.authorName, ((ChatMessage) o.decodeEdit()).text(),
                        o.committedAt))
                .toList();
    }

    /**
     * Up to {@code limit} names committed at revisions {@code from..upTo}, in the order they were committed (the
     * partial index {@code op_log_name} holds exactly these rows).
     */
    public List<NamedVersion> versions(String docId, int from, int upTo, int limit) {
        return find("docId = ?1 and kind = ?2 and revision between ?3 and ?4 order by revision", docId,
                VersionName.KIND, from, upTo).page(0, limit).list().stream()
                .map(o -> {
                    VersionName name = (VersionName) o.decodeEdit();
                    return new NamedVersion(name.revision(), name.name(), o.revision, o.clientId, o.authorName,
                            o.committedAt);
                })
                .toList();
    }

    /** Where the document was forked from: its revision 1, when that is a fork's first revision. */
    public Optional<ForkedFrom> forkedFrom(String docId) {
        return find("docId = ?1 and revision = 1 and kind = ?2", docId, ForkOrigin.KIND).firstResultOptional()
                .map(o -> ((ForkOrigin) o.decodeEdit()).forkedFrom());
    }
}
