package dev.tandem.snapshot.projection;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The heads of the most recently folded documents, so a batch folds onto memory instead of re-reading a
 * snapshot and its ops. Bounded: the least recently used document is evicted past {@code capacity}. It holds
 * only heads whose writes have committed; the projection still checks an entry's revision against the
 * database row before using it, so a stale entry (another instance wrote meanwhile) is never folded onto.
 */
public final class HeadCache {
    private final int capacity;
    private final Map<String, DocumentHead> heads;

    public HeadCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("the cache capacity must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
        this.heads = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DocumentHead> eldest) {
                return size() > HeadCache.this.capacity;
            }
        };
    }

    public synchronized Optional<DocumentHead> get(String docId) {
        return Optional.ofNullable(heads.get(docId));
    }

    public synchronized void put(DocumentHead head) {
        if (capacity > 0) {
            heads.put(head.docId(), head);
        }
    }

    public synchronized void removeAll(Collection<String> docIds) {
        heads.keySet().removeAll(docIds);
    }

    public synchronized int size() {
        return heads.size();
    }
}
