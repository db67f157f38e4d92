package dev.tandem.sequencer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents whose sequencers are in memory, each with the partition it belongs to: at most {@code capacity}
 * once {@link #trim} has run (a batch may add its own on top). Which documents exist but are not in memory is not
 * known here: the caller keeps where each one's checkpoint is. Not thread-safe.
 */
public final class HotDocuments {

    /** A document in memory and the partition it belongs to. */
    public record Hot(int partition, DocumentSequencer sequencer) {
    }

    private final int capacity;
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

    /** Adds a document without evicting any (see {@link #trim}). */
    public void put(int partition, DocumentSequencer sequencer) {
        documents.put(sequencer.docId(), new Hot(partition, sequencer));
    }

    /**
     * Evicts the least recently used documents beyond the capacity and returns them: the caller must make sure
     * each one's state can be found again (its checkpoint) before it is forgotten.
     */
    public List<Hot> trim() {
        List<Hot> evicted = new ArrayList<>();
        for (Iterator<Map.Entry<String, Hot>> it = documents.entrySet().iterator();
             documents.size() > capacity && it.hasNext(); ) {
            evicted.add(it.next().getValue());
            it.remove();
        }
        return evicted;
    }

    /** The documents of {@code partition} in memory, least recently used first. */
    public List<DocumentSequencer> of(int partition) {
        return documents.values().stream().filter(hot -> hot.partition() == partition).map(Hot::sequencer).toList();
    }

    /**
     * Removes every document of {@code partition} and returns them, least recently used first: it is no longer
     * ours, or its state can no longer be trusted.
     */
    public List<DocumentSequencer> dropPartition(int partition) {
        List<DocumentSequencer> dropped = new ArrayList<>();
        for (Iterator<Hot> it = documents.values().iterator(); it.hasNext(); ) {
            Hot hot = it.next();
            if (hot.partition() == partition) {
                dropped.add(hot.sequencer());
                it.remove();
            }
        }
        return dropped;
    }

    public int size() {
        return documents.size();
    }
}
