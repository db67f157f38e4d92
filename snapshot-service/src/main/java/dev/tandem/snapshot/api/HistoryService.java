package dev.tandem.snapshot.api;

import dev.tandem.protocol.ForkedFrom;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.history.ChatEntry;
import dev.tandem.protocol.history.ChatPage;
import dev.tandem.protocol.history.DocumentAuthorship;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.HistoryError.Code;
import dev.tandem.protocol.history.OpPage;
import dev.tandem.protocol.history.RevisionInfo;
import dev.tandem.protocol.history.RevisionPage;
import dev.tandem.protocol.history.NamedVersion;
import dev.tandem.protocol.history.Timeline;
import dev.tandem.protocol.history.VersionList;
import dev.tandem.snapshot.config.SnapshotConfig;
import dev.tandem.snapshot.persistence.DocumentMeta;
import dev.tandem.snapshot.persistence.DocumentStates;
import dev.tandem.snapshot.persistence.DocumentStore;
import dev.tandem.snapshot.persistence.OpLogStore;
import dev.tandem.snapshot.projection.Author;
import dev.tandem.snapshot.projection.DocumentHead;
import dev.tandem.snapshot.projection.SessionGrouper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Answers the history API from the database. Each answer reads the document's row first and bounds every later
 * query by its head, so an answer is consistent even while the projection commits more revisions meanwhile.
 */
@ApplicationScoped
@Transactional
public class HistoryService {
    private final DocumentStore documents;
    private final DocumentStates states;
    private final OpLogStore opLog;
    private final SnapshotConfig config;

    public HistoryService(DocumentStore documents, DocumentStates states, OpLogStore opLog, SnapshotConfig config) {
        this.documents = documents;
        this.states = states;
        this.opLog = opLog;
        this.config = config;
    }

    public DocumentState head(String rawDocId) {
        DocumentMeta meta = document(rawDocId);
        return state(meta, meta.headRevision());
    }

    public DocumentState atRevision(String rawDocId, String rawRevision) {
        DocumentMeta meta = document(rawDocId);
        return state(meta, HistoryRequests.revision(meta.docId(), meta.headRevision(), rawRevision));
    }

    public DocumentAuthorship authorship(String rawDocId, String rawRevision) {
        DocumentMeta meta = document(rawDocId);
        int revision = HistoryRequests.optionalRevision(meta.docId(), meta.headRevision(), rawRevision);
        try {
            return new DocumentAuthorship(meta.docId(), revision, meta.headRevision(),
                    Author.runs(states.authorshipAt(meta, revision)));
        } catch (IllegalStateException e) {
            throw new HistoryException(Code.INTERNAL_ERROR, e.getMessage());
        }
    }

    public OpPage ops(String rawDocId, String rawFrom, String rawTo) {
        DocumentMeta meta = document(rawDocId);
        HistoryRequests.Page page = HistoryRequests.range(meta.docId(), meta.headRevision(), rawFrom, rawTo,
                config.api().maxOpsPerPage());
        List<OpCommitted> ops = page.isEmpty() ? List.of() : opLog.range(meta.docId(), page.from(), page.last());
        complete(meta, page, ops.size());
        return new OpPage(meta.docId(), meta.headRevision(), ops, page.next());
    }

    public RevisionPage revisions(String rawDocId, String rawFrom, String rawTo) {
        DocumentMeta meta = document(rawDocId);
        HistoryRequests.Page page = HistoryRequests.range(meta.docId(), meta.headRevision(), rawFrom, rawTo,
                config.api().maxRevisionsPerPage());
        List<RevisionInfo> revisions = page.isEmpty() ? List.of()
                : opLog.revisions(meta.docId(), page.from(), page.last());
        complete(meta, page, revisions.size());
        return new RevisionPage(meta.docId(), meta.headRevision(), revisions, page.next());
    }

    public Timeline timeline(String rawDocId) {
        DocumentMeta meta = document(rawDocId);
        SessionGrouper sessions = new SessionGrouper(config.timeline().idleGap());
        opLog.forEachRevision(meta.docId(), meta.headRevision(), sessions::add);
        return new Timeline(meta.docId(), meta.headRevision(), config.timeline().idleGap().toSeconds(),
                sessions.sessions());
    }

    public ChatPage chat(String rawDocId, String rawBefore, String rawLimit) {
        DocumentMeta meta = document(rawDocId);
        HistoryRequests.Chat request = HistoryRequests.chat(meta.docId(), meta.headRevision(), rawBefore, rawLimit,
                config.api().chatPageSize(), config.api().maxChatPageSize());
        // one more than asked for tells whether an older page exists
        List<ChatEntry> newestFirst = opLog.chatBefore(meta.docId(), request.before(), request.limit() + 1);
        boolean older = newestFirst.size() > request.limit();
        List<ChatEntry> page = new ArrayList<>(newestFirst.subList(0, Math.min(request.limit(), newestFirst.size())));
        Collections.reverse(page);
        return new ChatPage(meta.docId(), page, older ? page.get(0).revision() : null);
    }

    public VersionList versions(String rawDocId, String rawFrom) {
        DocumentMeta meta = document(rawDocId);
        int from = HistoryRequests.versionsFrom(meta.docId(), meta.headRevision(), rawFrom);
        int max = config.api().maxRevisionsPerPage();
        // one more than a page tells whether the page stopped early
        List<NamedVersion> found = opLog.versions(meta.docId(), from, meta.headRevision(), max + 1);
        boolean more = found.size() > max;
        List<NamedVersion> page = more ? found.subList(0, max) : found;
        return new VersionList(meta.docId(), meta.headRevision(), page,
                more ? page.get(page.size() - 1).nameRevision() + 1 : null);
    }

    /** The document's row; unknown until the projection has stored a revision of it. */
    private DocumentMeta document(String rawDocId) {
        String docId = HistoryRequests.docId(rawDocId);
        return documents.meta(docId).filter(meta -> meta.headRevision() > 0)
                .orElseThrow(() -> new HistoryException(Code.UNKNOWN_DOCUMENT,
                        "document " + docId + " has no revision in the snapshot service"));
    }

    private DocumentState state(DocumentMeta meta, int revision) {
        DocumentHead head = states.stateAt(meta, revision);
        ForkedFrom forkedFrom = revision == 0 ? null : opLog.forkedFrom(meta.docId()).orElse(null);
        return new DocumentState(meta.docId(), revision, meta.headRevision(), head.textString(), head.language(),
                meta.createdAt(), head.lastEditedAt(), forkedFrom);
    }

    /** Replay must be exact: a page that lacks a stored revision is an error, never a shorter page. */
    private static void complete(DocumentMeta meta, HistoryRequests.Page page, int found) {
        int expected = page.last() - page.from() + 1;
        if (!page.isEmpty() && found != expected) {
            throw new HistoryException(Code.INTERNAL_ERROR, "the op log of document " + meta.docId() + " holds "
                    + found + " of the " + expected + " revisions " + page.from() + ".." + page.last());
        }
    }
}
