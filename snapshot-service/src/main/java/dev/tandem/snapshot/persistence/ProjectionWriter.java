package dev.tandem.snapshot.persistence;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TandemJson;
import dev.tandem.snapshot.projection.DocumentFold;
import dev.tandem.snapshot.projection.DocumentHead;
import dev.tandem.snapshot.projection.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The projection's writes, in plain SQL on the transaction's connection: batched inserts with
 * {@code ON CONFLICT DO NOTHING} (what an entity manager cannot say) and a guarded head update. Callers run
 * {@link #lockDocuments} and {@link #write} in one transaction.
 */
@ApplicationScoped
public class ProjectionWriter {
    private static final String LOCK = "select doc_id, head_revision, language, created_at, last_edited_at,"
            + " stall_reason from document where doc_id = any (?) order by doc_id for update";
    private static final String INSERT_OP = "insert into op_log (doc_id, revision, kind, edit, client_id,"
            + " client_seq, author_name, committed_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing";
    private static final String INSERT_SNAPSHOT = "insert into snapshot (doc_id, revision, text_utf8, language,"
            + " authorship) values (?, ?, ?, ?, ?) on conflict do nothing";
    // inserts a new document, or moves an existing one on from the head this fold started at; 0 rows means
    // another writer moved it first
    private static final String SAVE_DOCUMENT = "insert into document (doc_id, head_revision, language, created_at,"
            + " last_edited_at, stall_reason, stalled_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (doc_id) do update"
            + " set head_revision = excluded.head_revision, language = excluded.language,"
            + " last_edited_at = excluded.last_edited_at, stall_reason = excluded.stall_reason,"
            + " stalled_at = excluded.stalled_at where document.head_revision = ?";

    private final EntityManager entityManager;

    public ProjectionWriter(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Locks the documents' rows for this transaction (in a fixed order, so two writers cannot deadlock) and
     * returns them; documents without a row are absent from the map.
     */
    public Map<String, DocumentMeta> lockDocuments(Collection<String> docIds) {
        return session().doReturningWork(connection -> {
            Map<String, DocumentMeta> rows = new HashMap<>();
            try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                lock.setArray(1, connection.createArrayOf("varchar", docIds.toArray()));
                try (ResultSet rs = lock.executeQuery()) {
                    while (rs.next()) {
                        DocumentMeta meta = new DocumentMeta(rs.getString(1), rs.getInt(2), rs.getString(3),
                                instant(rs.getObject(4, OffsetDateTime.class)),
                                instant(rs.getObject(5, OffsetDateTime.class)), rs.getString(6));
                        rows.put(meta.docId(), meta);
                    }
                }
            }
            return rows;
        });
    }

    /**
     * Writes what the folds produced: their ops, snapshots and document rows.
     *
     * @throws ConcurrentProjectionException if a document's head moved since it was read
     */
    public void write(List<DocumentFold> folds, Instant now) {
        session().doWork(connection -> {
            insertOps(connection, folds);
            insertSnapshots(connection, folds);
            for (DocumentFold fold : folds) {
                if (fold.changes()) {
                    saveDocument(connection, fold, now);
                }
            }
        });
    }

    private static void insertOps(Connection connection, List<DocumentFold> folds) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_OP)) {
            for (DocumentFold fold : folds) {
                for (OpCommitted op : fold.appended()) {
                    insert.setString(1, op.docId());
                    insert.setInt(2, op.revision());
                    insert.setString(3, op.edit().kind());
                    insert.setString(4, TandemJson.shared().encode(op.edit()));
                    insert.setString(5, op.clientId());
                    insert.setLong(6, op.clientSeq());
                    insert.setString(7, op.authorName());
                    insert.setObject(8, utc(op.committedAt()));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static void insertSnapshots(Connection connection, List<DocumentFold> folds) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_SNAPSHOT)) {
            for (DocumentFold fold : folds) {
                for (Snapshot snapshot : fold.snapshots()) {
                    insert.setString(1, snapshot.docId());
                    insert.setInt(2, snapshot.revision());
                    insert.setBytes(3, snapshot.text().getBytes(StandardCharsets.UTF_8));
                    insert.setString(4, snapshot.language());
                    insert.setString(5, AuthorshipColumn.encode(snapshot.authorship()));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static void saveDocument(Connection connection, DocumentFold fold, Instant now) throws SQLException {
        DocumentHead head = fold.after();
        try (PreparedStatement save = connection.prepareStatement(SAVE_DOCUMENT)) {
            save.setString(1, head.docId());
            save.setInt(2, head.revision());
            save.setString(3, head.language());
            save.setObject(4, utc(head.createdAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            save.setObject(5, utc(head.lastEditedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            save.setString(6, fold.stall() == null ? null : fold.stall().reason());
            save.setObject(7, fold.stall() == null ? null : utc(now), Types.TIMESTAMP_WITH_TIMEZONE);
            save.setInt(8, fold.before().revision());
            if (save.executeUpdate() != 1) {
                throw new ConcurrentProjectionException(head.docId(), fold.before().revision());
            }
        }
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
