package dev.tandem.protocol.history;

import java.time.Instant;
import java.util.List;

/**
 * A run of revisions with no idle gap longer than the timeline's between two consecutive ones. A session is a
 * contiguous range of revisions, so its revisions are {@code GET /api/docs/{docId}/revisions?from=firstRevision
 * &to=lastRevision}.
 *
 * @param startedAt when {@code firstRevision} was committed
 * @param endedAt   when {@code lastRevision} was committed
 * @param authors   the author names of the session's revisions, each once, in order of first appearance
 */
public record EditingSession(int firstRevision, int lastRevision, Instant startedAt, Instant endedAt,
                             List<String> authors) {

    public EditingSession {
        HistoryFields.committedRevision("firstRevision", firstRevision);
        if (lastRevision < firstRevision) {
            throw HistoryFields.fail("lastRevision must be >= firstRevision (" + firstRevision + "), was "
                    + lastRevision);
        }
        startedAt = HistoryFields.instant("startedAt", startedAt);
        endedAt = HistoryFields.instant("endedAt", endedAt);
        authors = HistoryFields.list("authors", authors);
        if (authors.isEmpty()) {
            throw HistoryFields.fail("authors must not be empty");
        }
    }

    /** How many revisions the session holds. */
    public int revisionCount() {
        return lastRevision - firstRevision + 1;
    }
}
