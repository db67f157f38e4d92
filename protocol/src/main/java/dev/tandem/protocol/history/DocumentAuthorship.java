package dev.tandem.protocol.history;

import java.util.List;

/**
 * {@code GET /api/docs/{docId}/authorship?revision=r}: who wrote each code point of the document at {@code revision},
 * as runs in document order. The runs' lengths add up to the text's length in code points; no run is empty, and no
 * two adjacent runs have both the same {@code author} and the same {@code name} (a person who renames themselves
 * keeps their clientId). Language changes and chat messages take revisions but insert no text: they change nothing
 * here.
 *
 * @param revision     the revision described
 * @param headRevision the document's head when the service answered; {@code revision <= headRevision}
 */
public record DocumentAuthorship(String docId, int revision, int headRevision, List<AuthorRun> runs) {

    public DocumentAuthorship {
        HistoryFields.docId("docId", docId);
        HistoryFields.revision("revision", revision);
        HistoryFields.atMost("revision", revision, "headRevision", headRevision);
        runs = HistoryFields.list("runs", runs);
        for (int i = 1; i < runs.size(); i++) {
            AuthorRun run = runs.get(i);
            AuthorRun previous = runs.get(i - 1);
            if (run.author().equals(previous.author()) && run.name().equals(previous.name())) {
                throw HistoryFields.fail("runs[" + i + "] has the author and name of runs[" + (i - 1)
                        + "]: adjacent runs of one author are one run");
            }
        }
    }
}
