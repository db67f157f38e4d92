package dev.tandem.snapshot.persistence;

import java.io.Serializable;
import java.util.Objects;

/** The composite primary key {@code (doc_id, revision)} of the op log and of the snapshots. */
public class RevisionKey implements Serializable {
    public String docId;
    public int revision;

    public RevisionKey() {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RevisionKey k && k.revision == revision && Objects.equals(k.docId, docId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(docId, revision);
    }
}
