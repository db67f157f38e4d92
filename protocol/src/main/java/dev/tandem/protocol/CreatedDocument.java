package dev.tandem.protocol;

/**
 * The answer to {@code POST /api/docs} on a gateway: a new document's id (edit with it) and its read-only id
 * (watch and replay with it), each usable in {@code /ws/docs/{id}} and {@code /api/docs/{id}/...}. Both are
 * unguessable: the link is the capability.
 */
public record CreatedDocument(String docId, String readOnlyId) {
    public CreatedDocument {
        Check.id("docId", docId);
        Check.id("readOnlyId", readOnlyId);
    }
}
