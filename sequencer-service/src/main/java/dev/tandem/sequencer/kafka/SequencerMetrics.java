package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<String, Integer> hotDocuments = new ConcurrentHashMap<>();
    private final Counter checkpointRecordsRead;
    private final Counter opsRecordsRead;
    private final Counter producersReplaced;
    private final Timer queued;
    private final Timer deciding;
    private final Timer committing;

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
        registry.gauge("tandem.sequencer.documents.hot", hotDocuments,
                documents -> documents.values().stream().mapToInt(Integer::intValue).sum());
        this.checkpointRecordsRead = Counter.builder("tandem.sequencer.rebuild.records.read")
                .description("Records read by partition rebuilds").tag("topic", "tandem.checkpoints")
                .register(registry);
        this.opsRecordsRead = Counter.builder("tandem.sequencer.rebuild.records.read")
                .description("Records read by partition rebuilds").tag("topic", "tandem.ops").register(registry);
        this.producersReplaced = Counter.builder("tandem.sequencer.producers.replaced")
                .description("Transactional producers closed and made anew after an error they cannot leave "
                        + "(a broker restart, a transaction the broker timed out)").register(registry);
        this.queued = hop("queued", "From the gateway's send of an edit (its record's timestamp) to its poll here");
        this.deciding = hop("decide", "From a batch's poll to its decisions (rebuilds included)");
        this.committing = hop("commit", "From a batch's decisions to its transaction committed");
    }

    private Timer hop(String stage, String description) {
        return Timer.builder("tandem.sequencer.hop").description(description).tag("stage", stage)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    /** The hops of one committed batch (docs/operations.md, "Where a keystroke's milliseconds go"). */
    void hops(Iterable<Duration> queuedPerEdit, Duration decide, Duration commit) {
        queuedPerEdit.forEach(queued::record);
        deciding.record(decide);
        committing.record(commit);
    }

    void producerReplaced() {
        producersReplaced.increment();
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

    void hotDocuments(String worker, int count) {
        hotDocuments.put(worker, count);
    }

    void checkpointed(long documents) {
        checkpoints.increment(documents);
    }

    /** What one partition's rebuild read: checkpoint records, and records of tandem.ops (the tail). */
    void rebuildRead(int checkpointRecords, int opsRecords) {
        checkpointRecordsRead.increment(checkpointRecords);
        opsRecordsRead.increment(opsRecords);
    }

    /** A partition came back with its logs unchanged and its state was taken back, not rebuilt (KeptPartitions). */
    /** A batch was topped up by a second poll, which brought {@code edits} more. */
    void toppedUp(int edits) {
        Counter.builder("tandem.sequencer.batches.topped.up")
                .description("Batches topped up by a short second poll (the first returned edits fetched earlier)")
                .register(registry).increment();
        Counter.builder("tandem.sequencer.batches.topped.up.edits")
                .description("Edits the top-up polls brought into their batches")
                .register(registry).increment(edits);
    }

    void partitionTakenBack() {
        Counter.builder("tandem.sequencer.partitions.taken.back")
                .description("Partitions that came back to a worker unchanged and were not rebuilt")
                .register(registry).increment();
    }

    void rebuilt(String scope, Duration took) {
        Timer.builder("tandem.sequencer.rebuild").description("Rebuilding document state from tandem.checkpoints and the tail of tandem.ops")
                .tag("scope", scope).register(registry).record(took);
    }
}
