package dev.tandem.sequencer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.sequencer.DocumentCheckpoint.ClientSeen;

/**
 * Per client of one document: its last committed clientSeq and the revision it got, for the most recently
 * committing {@code capacity} clients (LRU). Derived from the committed ops alone, so a replay rebuilds it.
 *
 * <p>Forgetting is the danger: a forgotten client's resend would look like a new edit. So the ledger remembers
 * the highest revision of any record it dropped ({@link #forgottenUpTo()}): a resend is always based on a revision
 * below the one its original was committed at, so an unknown client's edit based below that mark may be a resend
 * of something forgotten, and the sequencer refuses it instead of risking applying it twice.
 */
final class ClientLedger {

    /** A client's last committed edit. */
    record Last(long clientSeq, int revision) {
    }

    private final Map<String, Last> lastByClient;
    private int forgottenUpTo;

    ClientLedger(int capacity) {
        this.lastByClient = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                forgottenUpTo = Math.max(forgottenUpTo, eldest.getValue().revision());
                return true;
            }
        };
    }

    /** The client's last committed edit, or {@code null} if it has none (or it was forgotten). */
    Last last(String clientId) {
        return lastByClient.get(clientId);
    }

    void committed(String clientId, long clientSeq, int revision) {
        lastByClient.put(clientId, new Last(clientSeq, revision));
    }

    /** The highest revision among forgotten records; 0 if nothing was ever forgotten. */
    int forgottenUpTo() {
        return forgottenUpTo;
    }

    /** Every record, least recently used first (the order {@link #restore} takes them in). */
    List<ClientSeen> entries() {
        return lastByClient.entrySet().stream()
                .map(e -> new ClientSeen(e.getKey(), e.getValue().clientSeq(), e.getValue().revision())).toList();
    }

    /** Takes the records of a checkpoint back (beyond the capacity, the eldest are forgotten as usual). */
    void restore(List<ClientSeen> entries, int forgotten) {
        forgottenUpTo = Math.max(forgottenUpTo, forgotten);
        for (ClientSeen entry : entries) {
            committed(entry.clientId(), entry.clientSeq(), entry.revision());
        }
    }
}
