package dev.tandem.snapshot.persistence;

import dev.tandem.protocol.Edit;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TandemJson;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code op_log}: one committed edit, keyed by {@code (doc_id, revision)}. */
@Entity
@Table(name = "op_log")
@IdClass(RevisionKey.class)
public class OpEntity {
    @Id
    @Column(name = "doc_id")
    public String docId;

    @Id
    public int revision;

    public String kind;

    /** The edit's canonical JSON. */
    public String edit;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "client_seq")
    public long clientSeq;

    @Column(name = "author_name")
    public String authorName;

    @Column(name = "committed_at")
    public Instant committedAt;

    /** The event as the sequencer published it. */
    OpCommitted toEvent() {
        return new OpCommitted(docId, revision, clientId, clientSeq, decodeEdit(), committedAt, authorName);
    }

    Edit decodeEdit() {
        return TandemJson.shared().decode(edit, Edit.class);
    }
}
