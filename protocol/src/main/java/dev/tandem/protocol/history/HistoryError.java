package dev.tandem.protocol.history;

/**
 * The body of every 4xx and 5xx answer of the history API. {@code message} is for the developer and names the
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
        /** A parameter is missing, not an integer, or outside the values it may take. */
        INVALID_PARAMETER(400),
        /** The service failed to answer; the message says why. */
        INTERNAL_ERROR(500);

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
