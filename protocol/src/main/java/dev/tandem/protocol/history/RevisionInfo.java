package dev.tandem.protocol.history;

import java.time.Instant;

/**
 * One revision of a document without its edit: enough for a history slider.
 *
 * @param kind the edit's kind: {@code text}, {@code language} or {@code chat}
 */
public record RevisionInfo(int revision, String kind, String clientId, String authorName, Instant committedAt) {

    public RevisionInfo {
        HistoryFields.committedRevision("revision", revision);
        HistoryFields.required("kind", kind);
        HistoryFields.required("clientId", clientId);
        HistoryFields.required("authorName", authorName);
        committedAt = HistoryFields.instant("committedAt", committedAt);
    }
}
