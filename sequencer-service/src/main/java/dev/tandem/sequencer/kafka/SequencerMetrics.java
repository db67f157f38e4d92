package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The sequencer's meters. Outcomes are counted once their transaction has committed, so an aborted and retried
 * batch is not counted twice.
 */
@ApplicationScoped
public class SequencerMetrics {

    private final MeterRegistry registry;
    private final Counter sequenced;
    private final Counter duplicates;
    private final Counter skipped;
    private final Counter aborted;
    private final Counter deadLettered;
    private final Timer batches;
    private final Counter checkpoints;
    private final AtomicInteger hotDocuments = new AtomicInteger();

    public SequencerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.sequenced = Counter.builder("tandem.sequencer.edits.sequenced")
                .description("Edits committed at a revision").register(registry);
        this.duplicates = Counter.builder("tandem.sequencer.edits.duplicate")
                .description("Resent edits answered with the revision they were committed at").register(registry);
        this.skipped = Counter.builder("tandem.sequencer.edits.undecodable")
                .description("Records of tandem.edits that could not be decoded and were skipped").register(registry);
        this.aborted = Counter.builder("tandem.sequencer.transactions.aborted")
                .description("Batches whose transaction aborted; their edits are consumed again").register(registry);
        this.deadLettered = Counter.builder("tandem.sequencer.edits.dead.lettered")
                .description("Edits answered with EditRejected and set aside on tandem.edits.dead: their decision "
                        + "threw, or Kafka refused their output").register(registry);
        this.batches = Timer.builder("tandem.sequencer.sequencing")
                .description("From receiving a batch of edits to committing its transaction").register(registry);
        this.checkpoints = Counter.builder("tandem.sequencer.checkpoints.written")
                .description("Document checkpoints committed to tandem.checkpoints").register(registry);
        registry.gauge("tandem.sequencer.documents.hot", hotDocuments);
    }

    void committed(Iterable<SequencedEvent> decisions, int undecodable, int setAside, Duration took) {
        for (SequencedEvent decision : decisions) {
            if (decision instanceof OpCommitted) {
                sequenced.increment();
            } else if (decision instanceof EditDuplicate) {
                duplicates.increment();
            } else if (decision instanceof EditRejected rejected) {
                registry.counter("tandem.sequencer.edits.rejected", "code", rejected.code().name()).increment();
            }
        }
        skipped.increment(undecodable);
        deadLettered.increment(setAside);
        batches.record(took);
    }

    void aborted() {
        aborted.increment();
    }

    void hotDocuments(int count) {
        hotDocuments.set(count);
    }

    void checkpointed(long documents) {
        checkpoints.increment(documents);
    }

    /** What one partition's rebuild read: checkpoint records, and records of tandem.ops (the tail). */
    void rebuildRead(int checkpointRecords, int opsRecords) {
        Counter.builder("tandem.sequencer.rebuild.records.read").description("Records read by partition rebuilds")
                .tag("topic", "tandem.checkpoints").register(registry).increment(checkpointRecords);
        Counter.builder("tandem.sequencer.rebuild.records.read").description("Records read by partition rebuilds")
                .tag("topic", "tandem.ops").register(registry).increment(opsRecords);
    }

    void rebuilt(String scope, Duration took) {
        Timer.builder("tandem.sequencer.rebuild").description("Rebuilding document state from tandem.checkpoints and the tail of tandem.ops")
                .tag("scope", scope).register(registry).record(took);
    }
}
