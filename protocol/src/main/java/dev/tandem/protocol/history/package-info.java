/**
 * The snapshot service's REST API, as records: what {@code GET /api/docs/...} answers (docs/protocol.md,
 * section 14). They are written and read by any ObjectMapper with {@link dev.tandem.protocol.TandemJacksonModule}
 * and the JavaTimeModule ({@link dev.tandem.protocol.TandemJson#newObjectMapper()} is one): instants as RFC 3339
 * strings to the millisecond, optional fields absent when empty. Like the other protocol records, they refuse
 * values the API never sends, so a client that decodes a page knows it is well formed (an op page, for instance,
 * is always a contiguous run of revisions).
 */
package dev.tandem.protocol.history;
