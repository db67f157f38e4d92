package dev.tandem.protocol;

import java.time.Instant;

/**
 * On {@link Topics#EDITS}: a client's edit, as the gateway received it. {@code (clientId, clientSeq)} identifies
 * it, so the sequencer recognises a resent edit; {@code baseRevision} is the revision it was made on.
 *
 * @param submittedAt when the gateway received it
 * @param authorName  the name the client joined with, kept with the committed edit for history and chat
 */
public record EditSubmitted(String docId, String clientId, long clientSeq, int baseRevision, Edit edit,
                            Instant submittedAt, String authorName) {
    public EditSubmitted {
        Check.id("docId", docId);
        Check.id("clientId", clientId);
        Check.clientSeq("clientSeq", clientSeq);
        Check.nonNegative("baseRevision", baseRevision);
        Check.required("edit", edit);
        submittedAt = Check.instant("submittedAt", submittedAt);
        Check.name("authorName", authorName);
    }

    /** The event for a client's {@code submit} on a connection joined as {@code join}. */
    public static EditSubmitted of(ClientMessage.Join join, ClientMessage.Submit submit, Instant submittedAt) {
        return new EditSubmitted(join.docId(), join.clientId(), submit.clientSeq(), submit.baseRevision(),
                submit.edit(), submittedAt, join.name());
    }
}
