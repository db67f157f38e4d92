package dev.tandem.protocol;

import java.time.Instant;

/**
 * An edit committed at {@code revision}, as committed: transformed against every edit committed since its base
 * revision, so applying the committed edits in revision order rebuilds the document. Revisions are contiguous
 * from 1 per document, and each is committed once (a resend is answered with {@link EditDuplicate}); consumers
 * are still idempotent on {@code (docId, revision)}, since Kafka may deliver a record twice.
 */
public record OpCommitted(String docId, int revision, String clientId, long clientSeq, Edit edit,
                          Instant committedAt, String authorName) implements SequencedEvent {
    public static final String TYPE = "committed";

    public OpCommitted {
        Check.id("docId", docId);
        Check.committedRevision("revision", revision);
        Check.id("clientId", clientId);
        Check.clientSeq("clientSeq", clientSeq);
        Check.required("edit", edit);
        committedAt = Check.instant("committedAt", committedAt);
        Check.name("authorName", authorName);
    }

    /** {@code submitted} committed at {@code revision} as {@code edit} (the transformed edit). */
    public static OpCommitted of(EditSubmitted submitted, int revision, Edit edit, Instant committedAt) {
        return new OpCommitted(submitted.docId(), revision, submitted.clientId(), submitted.clientSeq(), edit,
                committedAt, submitted.authorName());
    }

    @Override
    public String type() {
        return TYPE;
    }
}
