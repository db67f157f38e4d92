package dev.tandem.protocol.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tandem.protocol.OpCommitted;

import java.util.List;

/**
 * {@code GET /api/docs/{docId}/ops?from=a&to=b}: the committed edits of revisions {@code a..b} (both inclusive),
 * exactly as the sequencer published them on {@code tandem.ops}, at most a page of them. Applying them in order
 * to the document at revision {@code a - 1} gives the document at the last one, which is what a reconnecting
 * client replays.
 *
 * @param ops  consecutive revisions of this document, ascending
 * @param next the {@code from} of the next page when this page stopped before {@code to}; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpPage(String docId, int headRevision,
                     List<OpCommitted> ops,
                     Integer next) {

    public OpPage {
        HistoryFields.docId("docId", docId);
        HistoryFields.revision("headRevision", headRevision);
        ops = HistoryFields.list("ops", ops);
        for (int i = 0; i < ops.size(); i++) {
            if (!ops.get(i).docId().equals(docId)) {
                throw HistoryFields.fail("ops[" + i + "].docId must be " + docId + ", was " + ops.get(i).docId());
            }
            if (i > 0) {
                Pages.consecutive("ops", i, ops.get(i - 1).revision(), ops.get(i).revision());
            }
        }
        if (!ops.isEmpty()) {
            HistoryFields.atMost("ops[" + (ops.size() - 1) + "].revision", ops.get(ops.size() - 1).revision(),
                    "headRevision", headRevision);
        }
        Pages.next(next, ops.isEmpty() ? null : ops.get(ops.size() - 1).revision());
    }
}
