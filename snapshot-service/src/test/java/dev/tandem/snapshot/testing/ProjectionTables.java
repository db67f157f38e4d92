package dev.tandem.snapshot.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the projection's tables with plain SQL, independently of the service's own readers. */
public final class ProjectionTables {

    /** Opens a connection to the service's database. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** One op_log row as stored. */
    public record OpRow(int revision, String kind, String edit, String clientId, long clientSeq, String authorName,
                        java.time.Instant committedAt) {
    }

    private final ConnectionSource connections;

    public ProjectionTables(ConnectionSource connections) {
        this.connections = connections;
    }

    /** The document's head revision, or -1 when it has no row. */
    public int head(String docId) {
        return single("select head_revision from document where doc_id = ?", docId).map(Integer::parseInt)
                .orElse(-1);
    }

    public Optional<String> stallReason(String docId) {
        return single("select stall_reason from document where doc_id = ?", docId);
    }

    public int opCount(String docId) {
        return single("select count(*) from op_log where doc_id = ?", docId).map(Integer::parseInt).orElse(0);
    }

    public long totalOps() {
        return query("select count(*) from op_log", List.of(), rs -> rs.getLong(1)).get(0);
    }

    public List<Integer> snapshotRevisions(String docId) {
        return query("select revision from snapshot where doc_id = ? order by revision", List.of(docId),
                rs -> rs.getInt(1));
    }

    /** Revisions of the document's snapshots stored without authorship runs (as before migration V3). */
    public List<Integer> snapshotsWithoutAuthorship(String docId) {
        return query("select revision from snapshot where doc_id = ? and authorship is null order by revision",
                List.of(docId), rs -> rs.getInt(1));
    }

    /** Makes the document's snapshots look as if stored before V3: no authorship runs. */
    public void forgetAuthorship(String docId) {
        try (Connection connection = connections.open();
             PreparedStatement statement = connection.prepareStatement(
                     "update snapshot set authorship = null where doc_id = ?")) {
            statement.setString(1, docId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<OpRow> ops(String docId) {
        return query("select revision, kind, edit, client_id, client_seq, author_name, committed_at from op_log"
                + " where doc_id = ? order by revision", List.of(docId), rs -> new OpRow(rs.getInt(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                rs.getObject(7, java.time.OffsetDateTime.class).toInstant()));
    }

    private Optional<String> single(String sql, String docId) {
        List<String> values = query(sql, List.of(docId), rs -> rs.getString(1));
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** Maps one row. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> parameters, RowMapper<T> mapper) {
        try (Connection connection = connections.open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
