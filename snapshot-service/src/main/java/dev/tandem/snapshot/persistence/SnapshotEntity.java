package dev.tandem.snapshot.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A row of {@code snapshot}: the full text of a document at a revision. */
@Entity
@Table(name = "snapshot")
@IdClass(SnapshotEntity.Key.class)
public class SnapshotEntity {
    @Id
    @Column(name = "doc_id")
    public String docId;

    @Id
    public int revision;

    /** UTF-8: PostgreSQL text cannot hold U+0000. */
    @Column(name = "text_utf8")
    public byte[] textUtf8;

    public String language;

    String text() {
        return new String(textUtf8, StandardCharsets.UTF_8);
    }

    /** The composite primary key. */
    public static class Key implements Serializable {
        public String docId;
        public int revision;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.revision == revision && Objects.equals(k.docId, docId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(docId, revision);
        }
    }
}
