package dev.tandem.protocol;

/**
 * The sequencer recognised a resent edit: {@code (clientId, clientSeq)} was already committed, at
 * {@code revision}, and was not applied again. It takes no revision, so the log keeps each revision once.
 * Gateways need not deliver anything for it: the revision it names reaches the author's connections in order, as
 * an ack; they may log or count it.
 */
public record EditDuplicate(String docId, String clientId, long clientSeq, int revision) implements SequencedEvent {
    public static final String TYPE = "duplicate";

    public EditDuplicate {
        Check.id("docId", docId);
        Check.id("clientId", clientId);
        Check.clientSeq("clientSeq", clientSeq);
        Check.committedRevision("revision", revision);
    }

    /** The answer to {@code resent}, whose edit was committed at {@code revision}. */
    public static EditDuplicate of(EditSubmitted resent, int revision) {
        return new EditDuplicate(resent.docId(), resent.clientId(), resent.clientSeq(), revision);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
