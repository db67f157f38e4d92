package dev.tandem.protocol.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tandem.protocol.ForkedFrom;
import dev.tandem.protocol.LanguageChange;

import java.time.Instant;

/**
 * A document as of one revision: {@code GET /api/docs/{docId}} (at its head) and
 * {@code GET /api/docs/{docId}/revisions/{revision}}.
 *
 * @param revision     the revision of {@code text} and {@code language}
 * @param headRevision the document's head when the service answered; {@code revision <= headRevision}
 * @param text         the whole text at {@code revision}
 * @param language     the language at {@code revision} ({@value LanguageChange#DEFAULT} until the first change)
 * @param createdAt    when revision 1 was committed
 * @param lastEditedAt when {@code revision} was committed (the last edit this state includes); absent at
 *                     revision 0, the empty document before any edit
 * @param forkedFrom   for a document made by forking another: where it came from (its revision 1); absent
 *                     otherwise, and at revision 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentState(String docId, int revision, int headRevision, String text, String language,
                            Instant createdAt, Instant lastEditedAt, ForkedFrom forkedFrom) {

    public DocumentState {
        HistoryFields.docId("docId", docId);
        HistoryFields.revision("revision", revision);
        HistoryFields.atMost("revision", revision, "headRevision", headRevision);
        HistoryFields.required("text", text);
        HistoryFields.required("language", language);
        createdAt = HistoryFields.instant("createdAt", createdAt);
        lastEditedAt = HistoryFields.optionalInstant(lastEditedAt);
        if ((lastEditedAt == null) != (revision == 0)) {
            throw HistoryFields.fail("lastEditedAt must be present exactly when revision >= 1, revision was "
                    + revision);
        }
        if (forkedFrom != null && revision == 0) {
            throw HistoryFields.fail("forkedFrom must be absent at revision 0");
        }
    }

    /** A document that was not forked. */
    public DocumentState(String docId, int revision, int headRevision, String text, String language,
                         Instant createdAt, Instant lastEditedAt) {
        this(docId, revision, headRevision, text, language, createdAt, lastEditedAt, null);
    }
}
