package dev.tandem.snapshot.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code document}. Written by {@link ProjectionWriter} (SQL), read through Hibernate. */
@Entity
@Table(name = "document")
public class DocumentEntity {
    @Id
    @Column(name = "doc_id")
    public String docId;

    @Column(name = "head_revision")
    public int headRevision;

    public String language;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_edited_at")
    public Instant lastEditedAt;

    @Column(name = "stall_reason")
    public String stallReason;

    @Column(name = "stalled_at")
    public Instant stalledAt;

    DocumentMeta toMeta() {
        return new DocumentMeta(docId, headRevision, language, createdAt, lastEditedAt, stallReason);
    }
}
