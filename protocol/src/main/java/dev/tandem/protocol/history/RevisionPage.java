package dev.tandem.protocol.history;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code GET /api/docs/{docId}/revisions?from=a&to=b}: the revisions {@code a..b} (both inclusive), in order,
 * at most a page of them.
 *
 * @param revisions consecutive revisions, ascending
 * @param next      the {@code from} of the next page when this page stopped before {@code to}; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevisionPage(String docId, int headRevision, List<RevisionInfo> revisions, Integer next) {

    public RevisionPage {
        HistoryFields.docId("docId", docId);
        HistoryFields.revision("headRevision", headRevision);
        revisions = HistoryFields.list("revisions", revisions);
        for (int i = 1; i < revisions.size(); i++) {
            Pages.consecutive("revisions", i, revisions.get(i - 1).revision(), revisions.get(i).revision());
        }
        if (!revisions.isEmpty()) {
            HistoryFields.atMost("revisions[" + (revisions.size() - 1) + "].revision",
                    revisions.get(revisions.size() - 1).revision(), "headRevision", headRevision);
        }
        Pages.next(next, revisions.isEmpty() ? null : revisions.get(revisions.size() - 1).revision());
    }
}
