package dev.tandem.protocol.history;

/**
 * The body of every 4xx and 5xx answer of the history API, and of every error answer under {@code /api} of the
 * gateway (docs/protocol.md, section 14). {@code message} is for the developer and names the
 * document, the parameter and the bound it broke: {@code revision 57 is beyond the head revision 12 of document
 * abc}.
 */
public record HistoryError(Code code, String message) {

    public HistoryError {
        HistoryFields.required("code", code);
        HistoryFields.required("message", message);
    }

    /** What went wrong, with the HTTP status it is sent with. */
    public enum Code {
        /** The service has no revision of the document: it was never edited, or not yet projected. */
        UNKNOWN_DOCUMENT(404),
        /** A revision parameter is well formed but outside the document's revisions. */
        REVISION_OUT_OF_RANGE(400),
        /** A parameter is missing, not an integer, or outside the values it may take; an id is not an identifier. */
        INVALID_PARAMETER(400),
        /** The request cannot be read: a path or query that does not decode (a NUL, an invalid escape). */
        MALFORMED_REQUEST(400),
        /** A write from a browser page whose origin the gateway does not allow (protocol section 3). */
        ORIGIN_NOT_ALLOWED(403),
        /** No resource has this path. */
        NOT_FOUND(404),
        /** The path exists, but not for this method; the {@code Allow} header lists the methods it takes. */
        METHOD_NOT_ALLOWED(405),
        /** The client accepts no media type the API answers with (every answer is application/json). */
        NOT_ACCEPTABLE(406),
        /** A write (a fork) through a read-only id: a read-only link watches and replays, it never writes. */
        READ_ONLY(403),
        /** The request's body is larger than the API accepts. */
        REQUEST_TOO_LARGE(413),
        /** The revision to fork is larger than the first revision of a document may be (one record of the log). */
        TOO_LARGE_TO_FORK(413),
        /** The service failed to answer; the message says why. */
        INTERNAL_ERROR(500),
        /** The gateway cannot reach the snapshot service (or it did not answer in time). */
        UNAVAILABLE(502);

        private final int status;

        Code(int status) {
            this.status = status;
        }

        /** The HTTP status of a response with this code. */
        public int status() {
            return status;
        }
    }
}
