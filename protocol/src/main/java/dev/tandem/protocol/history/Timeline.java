package dev.tandem.protocol.history;

import java.util.List;

/**
 * {@code GET /api/docs/{docId}/timeline}: every revision of the document, grouped into editing sessions.
 *
 * @param idleGapSeconds the gap that separates sessions: a revision committed more than this many seconds after
 *                       the previous one starts a new session
 * @param sessions       in order; together they cover revisions 1 to {@code headRevision} without gap or overlap
 */
public record Timeline(String docId, int headRevision, long idleGapSeconds, List<EditingSession> sessions) {

    public Timeline {
        HistoryFields.docId("docId", docId);
        HistoryFields.revision("headRevision", headRevision);
        sessions = HistoryFields.list("sessions", sessions);
        int expected = 1;
        for (int i = 0; i < sessions.size(); i++) {
            if (sessions.get(i).firstRevision() != expected) {
                throw HistoryFields.fail("sessions[" + i + "].firstRevision must be " + expected + ", was "
                        + sessions.get(i).firstRevision());
            }
            expected = sessions.get(i).lastRevision() + 1;
        }
        if (expected != headRevision + 1) {
            throw HistoryFields.fail("sessions must end at headRevision " + headRevision + ", ended at "
                    + (expected - 1));
        }
    }
}
