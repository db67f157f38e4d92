package dev.tandem.protocol.history;

import java.time.Instant;

/**
 * One name given to a revision: the {@link dev.tandem.protocol.VersionName} committed at {@code nameRevision}.
 *
 * @param revision     the revision named (0 is the empty document); always before {@code nameRevision}
 * @param name         as given, 1 to 100 code points
 * @param nameRevision the revision the name itself was committed at
 * @param clientId     who named it
 * @param authorName   their name when they named it
 * @param committedAt  when the name was committed
 */
public record NamedVersion(int revision, String name, int nameRevision, String clientId, String authorName,
                           Instant committedAt) {

    public NamedVersion {
        HistoryFields.revision("revision", revision);
        HistoryFields.required("name", name);
        HistoryFields.committedRevision("nameRevision", nameRevision);
        if (revision >= nameRevision) {
            throw HistoryFields.fail("revision must be before nameRevision (" + nameRevision + "), was " + revision);
        }
        HistoryFields.required("clientId", clientId);
        HistoryFields.required("authorName", authorName);
        committedAt = HistoryFields.instant("committedAt", committedAt);
    }
}
