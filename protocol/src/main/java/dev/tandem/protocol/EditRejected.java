package dev.tandem.protocol;

/**
 * The sequencer refused an edit; the gateway reports it to the author as a fatal {@link ServerMessage.Error}.
 * A rejected edit takes no revision and does not use up its clientSeq: after a transient refusal
 * ({@link ErrorCode.Recovery#RESUME}) the client resends it with the same clientSeq.
 */
public record EditRejected(String docId, String clientId, long clientSeq, ErrorCode code, String message)
        implements SequencedEvent {
    public static final String TYPE = "rejected";

    public EditRejected {
        Check.id("docId", docId);
        Check.id("clientId", clientId);
        Check.clientSeq("clientSeq", clientSeq);
        Check.required("code", code);
        message = Check.message("message", message);
    }

    /** {@code submitted} refused with {@code code}, for the reason {@code message}. */
    public static EditRejected of(EditSubmitted submitted, ErrorCode code, String message) {
        return new EditRejected(submitted.docId(), submitted.clientId(), submitted.clientSeq(), code, message);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
