package dev.tandem.snapshot.ingest;

import dev.tandem.snapshot.projection.BatchContents;
import dev.tandem.snapshot.projection.DocumentFold;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * How far the projection is and how it keeps up. In Prometheus form: {@code tandem_snapshot_ops_applied_total},
 * {@code tandem_snapshot_records_skipped_total{reason}}, {@code tandem_snapshot_batch_records} (a
 * distribution), {@code tandem_snapshot_batch_write_seconds}, {@code tandem_snapshot_last_applied_age_seconds}
 * (now minus the committedAt of the last op applied: small while ops flow, growing when the projection falls
 * behind or the document log is idle), {@code tandem_snapshot_documents_stalled}. Kafka's own consumer lag is
 * {@code kafka_consumer_fetch_manager_records_lag_max}, bound by Quarkus.
 */
@ApplicationScoped
public class ProjectionMetrics {
    private final MeterRegistry registry;
    private final Counter opsApplied;
    private final Counter snapshotsWritten;
    private final Counter cacheMisses;
    private final Counter retries;
    private final DistributionSummary batchRecords;
    private final Timer batchWrite;
    private final AtomicReference<Instant> lastAppliedCommittedAt = new AtomicReference<>();

    public ProjectionMetrics(MeterRegistry registry, StalledDocuments stalled) {
        this.registry = registry;
        opsApplied = Counter.builder("tandem.snapshot.ops.applied")
                .description("committed ops written to the op log").register(registry);
        snapshotsWritten = Counter.builder("tandem.snapshot.snapshots.written")
                .description("full-text snapshots stored").register(registry);
        cacheMisses = Counter.builder("tandem.snapshot.head.cache.misses")
                .description("heads rebuilt from a snapshot and ops because they were not in memory").register(registry);
        retries = Counter.builder("tandem.snapshot.batch.retries")
                .description("batch transactions retried after a failure").register(registry);
        batchRecords = DistributionSummary.builder("tandem.snapshot.batch.records")
                .description("tandem.ops records per consumed batch").publishPercentileHistogram()
                .register(registry);
        batchWrite = Timer.builder("tandem.snapshot.batch.write")
                .description("time to fold and write one batch, retries included").register(registry);
        Gauge.builder("tandem.snapshot.last.applied.age", this, ProjectionMetrics::lastAppliedAgeSeconds)
                .description("seconds between now and the committedAt of the last op applied").baseUnit("seconds")
                .register(registry);
        Gauge.builder("tandem.snapshot.documents.stalled", stalled, StalledDocuments::count)
                .description("documents whose projection stopped at a gap or an op that does not apply")
                .register(registry);
    }

    void received(BatchContents batch) {
        batchRecords.record(batch.records());
        skipped("rejected", batch.rejected());
        skipped("duplicate", batch.duplicates());
        skipped("poison", batch.poison());
    }

    void written(List<DocumentFold> folds, int skippedStalled) {
        for (DocumentFold fold : folds) {
            opsApplied.increment(fold.appended().size());
            snapshotsWritten.increment(fold.snapshots().size());
            skipped("redelivered", fold.redelivered());
            skipped("stalled", fold.unapplied());
            if (!fold.appended().isEmpty()) {
                Instant at = fold.after().lastEditedAt();
                lastAppliedCommittedAt.accumulateAndGet(at, (a, b) -> a == null || b.isAfter(a) ? b : a);
            }
        }
        skipped("stalled", skippedStalled);
    }

    <T> T timeWrite(Supplier<T> write) {
        return batchWrite.record(write);
    }

    void cacheMiss() {
        cacheMisses.increment();
    }

    void retry() {
        retries.increment();
    }

    private void skipped(String reason, int count) {
        if (count > 0) {
            Counter.builder("tandem.snapshot.records.skipped").tag("reason", reason)
                    .description("tandem.ops records not written, by reason").register(registry).increment(count);
        }
    }

    private double lastAppliedAgeSeconds() {
        Instant at = lastAppliedCommittedAt.get();
        return at == null ? Double.NaN : (System.currentTimeMillis() - at.toEpochMilli()) / 1000.0;
    }
}
