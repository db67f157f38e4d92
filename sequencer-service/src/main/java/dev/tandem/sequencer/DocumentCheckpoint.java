package dev.tandem.sequencer;

import java.util.List;

import dev.tandem.protocol.Edit;

/**
 * The whole state of one {@link DocumentSequencer} at one revision: what a sequencer restored from it decides
 * exactly as the one it was taken from would (given a window long enough; a shorter one only refuses older bases
 * with {@code BASE_REVISION_TOO_OLD}). It is a fold of the document's log up to {@code revision}, nothing more.
 *
 * @param window        the last committed edits, oldest first, ending at {@code revision} (may be empty)
 * @param clients       the client ledger, least recently committing first
 * @param forgottenUpTo the highest revision of a client record the ledger has dropped
 * @param damage        why the document's log cannot be folded, or {@code null} when it is sound
 */
public record DocumentCheckpoint(String docId, int revision, String language, String text,
                                 List<CommittedEdit> window, List<ClientSeen> clients, int forgottenUpTo,
                                 String damage) {

    /** One committed revision as the sequencer keeps it: its author, clientSeq and committed (transformed) edit. */
    public record CommittedEdit(int revision, String clientId, long clientSeq, Edit edit) {
    }

    /** A client's last committed edit. */
    public record ClientSeen(String clientId, long clientSeq, int revision) {
    }

    public DocumentCheckpoint {
        window = List.copyOf(window);
        clients = List.copyOf(clients);
        if (!window.isEmpty() && window.get(window.size() - 1).revision() != revision) {
            throw new IllegalArgumentException("the window of " + docId + " ends at revision "
                    + window.get(window.size() - 1).revision() + ", not at the checkpoint's " + revision);
        }
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).revision() != window.get(i - 1).revision() + 1) {
                throw new IllegalArgumentException("the window of " + docId + " is not contiguous at revision "
                        + window.get(i).revision());
            }
        }
    }
}
