package dev.tandem.protocol.history;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code GET /api/docs/{docId}/versions?from=n}: the names given to the document's revisions, in the order they
 * were given (ascending {@code nameRevision}), those committed at revision {@code n} or later, at most a page.
 *
 * @param versions ascending by {@code nameRevision}
 * @param next     the {@code from} of the next page when this one stopped early; absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionList(String docId, int headRevision, List<NamedVersion> versions, Integer next) {

    public VersionList {
        HistoryFields.docId("docId", docId);
        HistoryFields.revision("headRevision", headRevision);
        versions = HistoryFields.list("versions", versions);
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i).nameRevision() <= versions.get(i - 1).nameRevision()) {
                throw HistoryFields.fail("versions must ascend by nameRevision, but versions[" + i + "] is "
                        + versions.get(i).nameRevision() + " after " + versions.get(i - 1).nameRevision());
            }
        }
        if (!versions.isEmpty()) {
            HistoryFields.atMost("versions[" + (versions.size() - 1) + "].nameRevision",
                    versions.get(versions.size() - 1).nameRevision(), "headRevision", headRevision);
        }
        Pages.next(next, versions.isEmpty() ? null : versions.get(versions.size() - 1).nameRevision());
    }
}
