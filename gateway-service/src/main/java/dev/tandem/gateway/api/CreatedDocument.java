package dev.tandem.gateway.api;

/**
 * The answer to {@code POST /api/docs}: a new document's id (edit with it) and its read-only id (watch and
 * replay with it), each usable in {@code /ws/docs/{id}} and {@code /api/docs/{id}/...}.
 */
public record CreatedDocument(String docId, String readOnlyId) {
}
