package dev.tandem.protocol;

/**
 * Every error the system reports, to a browser ({@link ServerMessage.Error}) or on {@link Topics#OPS}
 * ({@link EditRejected}). The wire form is the constant's name. Each code has a fixed {@link Recovery}: what a
 * client does next, and so whether the gateway closes the connection after reporting it.
 */
public enum ErrorCode {
    /** The frame is not a JSON object of this protocol: bad JSON, a missing or mistyped field, a value out of range. */
    MALFORMED_MESSAGE(Recovery.STOP),
    /** The message's {@code type} is not one this gateway knows (a newer client?); the message was ignored. */
    UNKNOWN_MESSAGE_TYPE(Recovery.CONTINUE),
    /** The edit is malformed: an invalid op component, unpaired surrogate, bad language, empty chat text. */
    INVALID_EDIT(Recovery.RESYNC),
    /** The op retains or deletes past the end of the document at its base revision. */
    OP_DOES_NOT_FIT(Recovery.RESYNC),
    /** The edit's base revision is later than the document's head. */
    BASE_REVISION_AHEAD(Recovery.RESYNC),
    /**
     * The edit's base revision is older than the ops the sequencer can still transform it against. The edit is
     * still good: resumed, the client resends it based on its newer revision.
     */
    BASE_REVISION_TOO_OLD(Recovery.RESUME),
    /** The edit's clientSeq is not the next one: for its clientId (sequencer) or on this connection (gateway). */
    CLIENT_SEQ_OUT_OF_ORDER(Recovery.RESYNC),
    /**
     * The submit reuses the clientSeq of an edit already committed, with a different edit: clientSeqs name edits,
     * so a clientSeq is never used for two.
     */
    CLIENT_SEQ_REUSED(Recovery.RESYNC),
    /**
     * The submit resends an edit already committed (its ack has been or will be delivered in order); it was
     * ignored. A client that resends its in-flight edit right after {@code resumed} may see this.
     */
    ALREADY_COMMITTED(Recovery.CONTINUE),
    /** A submit arrived while the connection's previous edit was neither acknowledged nor rejected. */
    EDIT_IN_FLIGHT(Recovery.RESYNC),
    /** The edit would make the document longer than the configured maximum. */
    DOCUMENT_TOO_LARGE(Recovery.RESYNC),
    /**
     * The frame is larger than the configured maximum (gateway), or the edit, as transformed for its revision,
     * no longer fits the largest record the log accepts (sequencer).
     */
    MESSAGE_TOO_LARGE(Recovery.RESYNC),
    /** The connection sends faster than the configured rate. */
    RATE_LIMITED(Recovery.RESUME),
    /** The document, or the gateway, has as many connections as it accepts. */
    TOO_MANY_CONNECTIONS(Recovery.RESUME),
    /** The document does not exist and this deployment does not create documents on join. */
    UNKNOWN_DOCUMENT(Recovery.STOP),
    /** An edit was submitted to a document that is read-only. */
    READ_ONLY(Recovery.RESYNC),
    /** A message other than {@code join} or {@code ping} came before {@code join}. */
    NOT_JOINED(Recovery.STOP),
    /** A second {@code join} on one connection. */
    ALREADY_JOINED(Recovery.STOP),
    /** {@code join.knownRevision} is ahead of the document, or older than the history the gateway replays. */
    CANNOT_RESUME(Recovery.RESYNC),
    /** The gateway is shutting down or cannot reach Kafka or the snapshot service. */
    UNAVAILABLE(Recovery.RESUME),
    /** A bug or an unexpected failure on the server. */
    INTERNAL_ERROR(Recovery.RESUME);

    private final Recovery recovery;

    ErrorCode(Recovery recovery) {
        this.recovery = recovery;
    }

    /** What the client does after this error. */
    public Recovery recovery() {
        return recovery;
    }

    /** Whether the gateway closes the connection after reporting this error. */
    public boolean fatal() {
        return recovery != Recovery.CONTINUE;
    }

    /** What a client does after an error; everything but {@link #CONTINUE} follows a closed connection. */
    public enum Recovery {
        /** Nothing: the connection stays open and the client's state is intact. */
        CONTINUE,
        /**
         * Reconnect after a back-off and join with {@code knownRevision}, keeping the document, the unacknowledged
         * edits and the clientId; resend the in-flight edit with its clientSeq (also when this error refused it:
         * a refused edit does not use up its clientSeq).
         */
        RESUME,
        /**
         * The local document has diverged or cannot be resumed: discard it and all unacknowledged edits, then
         * reconnect and join with a new clientId and no {@code knownRevision}.
         */
        RESYNC,
        /** A client bug or a permanent condition: do not reconnect automatically; show the message. */
        STOP
    }
}
