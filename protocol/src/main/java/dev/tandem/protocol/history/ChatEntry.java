package dev.tandem.protocol.history;

import java.time.Instant;

/** One chat message of a document: the {@link dev.tandem.protocol.ChatMessage} committed at {@code revision}. */
public record ChatEntry(int revision, String clientId, String authorName, String text, Instant committedAt) {

    public ChatEntry {
        HistoryFields.committedRevision("revision", revision);
        HistoryFields.required("clientId", clientId);
        HistoryFields.required("authorName", authorName);
        HistoryFields.required("text", text);
        committedAt = HistoryFields.instant("committedAt", committedAt);
    }
}
