package dev.tandem.snapshot.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;

/** A row of {@code snapshot}: the full text of a document at a revision. */
@Entity
@Table(name = "snapshot")
@IdClass(RevisionKey.class)
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

    /** The authorship runs at {@code revision} (JSON, as the API sends them); null if stored before V3. */
    public String authorship;

    String text() {
        return new String(textUtf8, StandardCharsets.UTF_8);
    }
}
