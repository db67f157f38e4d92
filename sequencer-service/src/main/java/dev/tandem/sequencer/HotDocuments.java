package dev.tandem.sequencer;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tandem.protocol.OpCommitted;

/**
 * The documents whose sequencers are in memory, each with the partition it belongs to: at most {@code capacity}
 * between batches (the least recently used are evicted by {@link #trim}; a batch may add its own on top). It
 * remembers, per partition, which documents it evicted ({@link EvictedDocuments}), so a document that is not here
 * can be told apart from one never edited: the first needs its log scanned, the second starts empty.
 *
 * <p>Invariant, for every partition this instance has rebuilt: a document of it that has any committed op is
 * either here or {@link #mayHaveEvicted maybe evicted}. Not thread-safe.
 */
public final class HotDocuments {

    private record Hot(int partition, DocumentSequencer sequencer) {
    }

    private final int capacity;
    private final Map<Integer, EvictedDocuments> evicted = new HashMap<>();
    private final LinkedHashMap<String, Hot> documents;

    public HotDocuments(int capacity) {
        this.capacity = capacity;
        this.documents = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The document's sequencer if it is in memory (and marks it recently used), else {@code null}. */
    public DocumentSequencer get(String docId) {
        Hot hot = documents.get(docId);
        return hot == null ? null : hot.sequencer();
    }

    /**
     * Adds a document without evicting any: while a batch is being decided, a document it touched holds changes
     * not yet committed, and evicting it would lose them (it would be rebuilt from a log that lacks them). Call
     * {@link #trim} once everything here is committed.
     */
    public void put(int partition, DocumentSequencer sequencer) {
        documents.put(sequencer.docId(), new Hot(partition, sequencer));
    }

    /** Evicts the least recently used documents beyond the capacity; only when all state here is committed. */
    public void trim() {
        for (var it = documents.entrySet().iterator(); documents.size() > capacity && it.hasNext(); ) {
            Map.Entry<String, Hot> eldest = it.next();
            evictedIn(eldest.getValue().partition()).add(eldest.getKey());
            it.remove();
        }
    }

    /**
     * Folds the next committed event of a partition's log, read from its start, into the documents here. A
     * document appears at its revision 1; one that this very fold has already evicted is skipped from then on (its
     * first revisions are gone from memory, and it is marked evicted, so it is rebuilt alone when needed).
     */
    public void fold(int partition, OpCommitted committed, SequencerLimits limits) {
        DocumentSequencer sequencer = get(committed.docId());
        if (sequencer == null) {
            if (committed.revision() != 1) {
                return;
            }
            sequencer = new DocumentSequencer(committed.docId(), limits);
            put(partition, sequencer);
            trim(); // the log is committed: evicting now is safe, and keeps a long fold within the capacity
        }
        sequencer.replay(committed);
    }

    /** Whether {@code docId} of {@code partition} may have committed ops although it is not in memory. */
    public boolean mayHaveEvicted(int partition, String docId) {
        EvictedDocuments docs = evicted.get(partition);
        return docs != null && docs.mayContain(docId);
    }

    /** Forgets every document of {@code partition}: it is no longer ours, or its state can no longer be trusted. */
    public void dropPartition(int partition) {
        for (Iterator<Hot> it = documents.values().iterator(); it.hasNext(); ) {
            if (it.next().partition() == partition) {
                it.remove();
            }
        }
        evicted.remove(partition);
    }

    public int size() {
        return documents.size();
    }

    private EvictedDocuments evictedIn(int partition) {
        return evicted.computeIfAbsent(partition, p -> new EvictedDocuments());
    }
}
