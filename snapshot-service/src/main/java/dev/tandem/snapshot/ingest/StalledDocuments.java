package dev.tandem.snapshot.ingest;

import dev.tandem.snapshot.persistence.DocumentMeta;
import dev.tandem.snapshot.persistence.DocumentStore;
import dev.tandem.snapshot.projection.Stall;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The documents whose projection has stopped, for health and metrics. The database row is the record of truth
 * (the projection skips a stalled document by its row); this is its mirror, loaded at startup so that a restart
 * does not make a stalled document look healthy.
 */
@ApplicationScoped
public class StalledDocuments {
    private final Map<String, String> reasons = new ConcurrentSkipListMap<>();
    private final DocumentStore documents;

    public StalledDocuments(DocumentStore documents) {
        this.documents = documents;
    }

    void loadAtStartup(@Observes StartupEvent event) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (DocumentMeta meta : documents.stalledDocuments()) {
                reasons.put(meta.docId(), meta.stallReason());
            }
        });
    }

    void add(Stall stall) {
        reasons.put(stall.docId(), stall.reason());
    }

    void add(DocumentMeta meta) {
        reasons.putIfAbsent(meta.docId(), meta.stallReason());
    }

    /** Stalled document ids and why, by document id. */
    public Map<String, String> reasons() {
        return Map.copyOf(reasons);
    }

    public int count() {
        return reasons.size();
    }
}
