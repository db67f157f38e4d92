package dev.tandem.protocol;

/**
 * The answer to {@code POST /api/docs/{docId}/forks?revision=R} on a gateway: the new document's id and read-only
 * id (as {@link CreatedDocument}), and where it came from. Sent once its revision 1, the fork's text, is
 * committed and readable from the history API.
 */
public record CreatedFork(String docId, String readOnlyId, ForkedFrom forkedFrom) {
    public CreatedFork {
        Check.id("docId", docId);
        Check.id("readOnlyId", readOnlyId);
        Check.required("forkedFrom", forkedFrom);
    }
}
