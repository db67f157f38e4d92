package dev.tandem.snapshot.ingest;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.snapshot.config.SnapshotConfig;
import dev.tandem.snapshot.persistence.DocumentMeta;
import dev.tandem.snapshot.persistence.DocumentStates;
import dev.tandem.snapshot.persistence.ProjectionWriter;
import dev.tandem.snapshot.projection.BatchContents;
import dev.tandem.snapshot.projection.BatchFolder;
import dev.tandem.snapshot.projection.DocumentFold;
import dev.tandem.snapshot.projection.DocumentHead;
import dev.tandem.snapshot.projection.HeadCache;
import dev.tandem.snapshot.projection.SnapshotPolicy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Folds batches of {@code tandem.ops} into PostgreSQL, one transaction per batch. The consumer acknowledges a
 * batch (and so lets its offsets be committed) only after this returns, that is after the transaction committed:
 * a crash anywhere redelivers the batch, and the redelivered ops are recognised by revision and skipped.
 */
@ApplicationScoped
public class ProjectionService {
    private static final Logger LOG = Logger.getLogger(ProjectionService.class);

    private final ProjectionWriter writer;
    private final DocumentStates states;
    private final StalledDocuments stalled;
    private final ProjectionMetrics metrics;
    private final SnapshotConfig.Writes writes;
    private final BatchFolder folder;
    private final HeadCache cache;

    public ProjectionService(ProjectionWriter writer, DocumentStates states, StalledDocuments stalled,
                             ProjectionMetrics metrics, SnapshotConfig config) {
        this.writer = writer;
        this.states = states;
        this.stalled = stalled;
        this.metrics = metrics;
        this.writes = config.writes();
        this.folder = new BatchFolder(new SnapshotPolicy(config.snapshotInterval()));
        this.cache = new HeadCache(config.cache().documents());
    }

    /** Folds one batch of records (null for a record that did not decode) in log order. */
    public void apply(List<? extends SequencedEvent> events) {
        BatchContents batch = BatchContents.of(events);
        metrics.received(batch);
        if (!batch.hasOps()) {
            return;
        }
        Written written = metrics.timeWrite(() -> writeWithRetries(batch));
        for (DocumentFold fold : written.folds()) {
            if (fold.stall() == null) {
                cache.put(fold.after());
            } else {
                cache.removeAll(List.of(fold.docId()));
                stalled.add(fold.stall());
                LOG.errorf("projection of document %s stopped at revision %d: %s. Nothing past revision %d is"
                        + " written for it until an operator repairs it (see README, Stalled documents)",
                        fold.docId(), fold.stall().revision(), fold.stall().reason(), fold.stall().headRevision());
            }
        }
        written.stalledRows().forEach(stalled::add);
        int redelivered = written.folds().stream().mapToInt(DocumentFold::redelivered).sum();
        if (redelivered > 0) {
            // normal after a restart or a rebalance: consumption resumes at the last committed offset
            LOG.infof("skipped %d redelivered ops that were already stored", redelivered);
        }
        metrics.written(written.folds(), written.skippedStalled());
    }

    /** What one committed transaction did. */
    private record Written(List<DocumentFold> folds, List<DocumentMeta> stalledRows, int skippedStalled) {
    }

    private Written writeWithRetries(BatchContents batch) {
        Duration wait = writes.backoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> writeOnce(batch));
            } catch (RuntimeException e) {
                // a head this attempt read may be stale (another writer moved it): rebuild from the database
                cache.removeAll(batch.opsByDocument().keySet());
                if (attempt >= writes.attempts()) {
                    LOG.errorf(e, "giving up on a batch of %d ops after %d attempts; the consumer stops and the"
                            + " batch is redelivered after a restart", batch.opCount(), attempt);
                    throw e;
                }
                metrics.retry();
                LOG.warnf("writing a batch of %d ops failed (attempt %d of %d), retrying in %d ms: %s",
                        batch.opCount(), attempt, writes.attempts(), wait.toMillis(), e.toString());
                pause(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    private Written writeOnce(BatchContents batch) {
        Map<String, DocumentMeta> rows = writer.lockDocuments(batch.opsByDocument().keySet());
        List<DocumentFold> folds = new ArrayList<>();
        List<DocumentMeta> stalledRows = new ArrayList<>();
        int skippedStalled = 0;
        for (Map.Entry<String, List<OpCommitted>> entry : batch.opsByDocument().entrySet()) {
            DocumentMeta row = rows.get(entry.getKey());
            if (row != null && row.stalled()) {
                stalledRows.add(row);
                skippedStalled += entry.getValue().size();
                continue;
            }
            DocumentHead head = row == null ? DocumentHead.empty(entry.getKey()) : head(row);
            folds.add(folder.fold(head, entry.getValue()));
        }
        writer.write(folds, Instant.now());
        return new Written(folds, stalledRows, skippedStalled);
    }

    /** The stored head of a document: from memory if the cached one is the row's revision, else rebuilt. */
    private DocumentHead head(DocumentMeta row) {
        return cache.get(row.docId()).filter(h -> h.revision() == row.headRevision()).orElseGet(() -> {
            metrics.cacheMiss();
            return states.stateAt(row, row.headRevision());
        });
    }

    private static void pause(Duration wait) {
        try {
            // a back-off on the consumer's worker thread: the Kafka client keeps polling (paused) meanwhile
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a batch", e);
        }
    }
}
