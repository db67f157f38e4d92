package dev.tandem.sequencer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jboss.logging.Logger;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.sequencer.DocumentSequencer;
import dev.tandem.sequencer.HotDocuments;
import dev.tandem.sequencer.SequencerLimits;
import dev.tandem.sequencer.checkpoint.CheckpointCodec;
import dev.tandem.sequencer.checkpoint.PartitionCheckpoints;
import dev.tandem.sequencer.kafka.BatchDecider.Decided;
import dev.tandem.sequencer.kafka.BatchDecider.Routed;
import dev.tandem.sequencer.kafka.CheckpointRecords.Outgoing;

/**
 * The state of the documents of the partitions one sequencing worker owns, confined to its thread; the
 * rebalance listener (called inside the worker's poll) only queues what changed, and {@link #catchUp} applies it.
 *
 * <p>Invariant: a partition is sequenced only once its state has been rebuilt from the committed checkpoints and
 * log after its latest assignment, with no transaction of ours in progress (see {@link LogReader} for why the log
 * must be stable first). State that may hold uncommitted changes (an aborted batch) is {@link #discard discarded}
 * and rebuilt the same way.
 *
 * <p>Checkpoints ({@link #checkpoints}) are written in the transaction of the batch whose state they hold, so
 * a committed checkpoint is a fold of committed ops, and an aborted one is never seen. A document leaves memory
 * only in a transaction that writes its checkpoint (when it has ops past its last one), so every document not in
 * memory is exactly its latest checkpoint.
 */
final class DocumentStates implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DocumentStates.class);

    private record Change(boolean assigned, List<Integer> partitions) {
    }

    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private final Set<Integer> owned = new HashSet<>();
    private final Set<Integer> unbuilt = new TreeSet<>();
    private final Map<Integer, PartitionCheckpoints> partitions = new HashMap<>();
    private final KeptPartitions kept = new KeptPartitions();
    private final SequencerLimits limits;
    private final HotDocuments hot;
    private final KafkaSettings kafka;
    private final SequencerConfig config;
    private final SequencerMetrics metrics;
    private final CheckpointCodec codec;
    private final String worker;
    private long lastRound = System.nanoTime();
    private LogReader reader;
    private PartitionRebuild rebuild;

    /** {@code worker}: the name of the worker whose state this is (its Kafka ids derive from it). */
    DocumentStates(String worker, SequencerConfig config, LimitsConfig sizes, KafkaSettings kafka,
                   SequencerMetrics metrics) {
        this.worker = worker;
        this.config = config;
        this.limits = config.limits(sizes.maxRecordValueBytes());
        this.hot = new HotDocuments(config.hotDocuments());
        this.kafka = kafka;
        this.metrics = metrics;
        this.codec = new CheckpointCodec(config.checkpoint().windowBytes());
    }

    /** From the rebalance listener: these partitions are ours now. */
    void assigned(Collection<Integer> partitions) {
        changes.add(new Change(true, List.copyOf(partitions)));
    }

    /** From the rebalance listener: these partitions are no longer ours (revoked or lost). */
    void revoked(Collection<Integer> partitions) {
        changes.add(new Change(false, List.copyOf(partitions)));
    }

    /**
     * Applies the assignment changes queued since the last call, then rebuilds every owned partition that needs
     * it, before a batch is sequenced. Call only when no transaction of ours is in progress.
     *
     * @throws StaleBatchException if {@code batchPartitions} holds a partition that is not ours any more
     */
    void catchUp(Set<Integer> batchPartitions) {
        for (Change change; (change = changes.poll()) != null; ) {
            for (int partition : change.partitions()) {
                if (change.assigned()) {
                    forget(partition);
                    owned.add(partition);
                    unbuilt.add(partition);
                } else {
                    kept.left(partition, partitions.remove(partition), hot.dropPartition(partition));
                    owned.remove(partition);
                    unbuilt.remove(partition);
                }
            }
        }
        for (int partition : batchPartitions) {
            if (!owned.contains(partition)) {
                throw new StaleBatchException("batch holds edits of partition " + partition
                        + ", which is no longer assigned to this instance");
            }
        }
        if (!unbuilt.isEmpty()) {
            takeBackUnchanged();
        }
        if (!unbuilt.isEmpty()) {
            rebuildPartitions(List.copyOf(unbuilt));
            unbuilt.clear();
        }
        metrics.hotDocuments(worker, hot.size());
    }

    /** The sequencer of {@code docId}, in partition {@code partition} (owned and rebuilt). */
    DocumentSequencer document(int partition, String docId) {
        DocumentSequencer sequencer = hot.get(docId);
        if (sequencer == null) {
            long started = System.nanoTime();
            PartitionCheckpoints state = partitions.get(partition);
            boolean existed = state.checkpointOf(docId).isPresent();
            sequencer = rebuild().load(partition, docId, state);
            if (existed) {
                metrics.rebuilt("document", Duration.ofNanos(System.nanoTime() - started));
                sequencer.damage().ifPresent(damage ->
                        LOG.errorf("the log of %s is damaged, its edits are refused: %s", docId, damage));
            }
            hot.put(partition, sequencer);
            metrics.hotDocuments(worker, hot.size());
        }
        return sequencer;
    }

    /**
     * What the transaction of {@code decided} writes to {@code tandem.checkpoints}, decided once the batch is:
     * the checkpoint of every document leaving memory with ops past its last checkpoint, and, once per
     * checkpoint interval, of every document in memory with such ops (those of this batch included); then a mark
     * per partition whose recovery start moves. A partition a failed decision broke is dropped first (it is
     * rebuilt from the log before the next batch): nothing of its half-changed state may be written.
     *
     * <p>A transaction writes at most {@code checkpoint.max-bytes-per-transaction} of checkpoints (and at least
     * one), so that it stays far within {@code transaction.timeout.ms}: a round that does not fit goes on with the
     * next batches, and a document that should leave memory but does not fit stays until one has room.
     */
    CheckpointRecords checkpoints(Decided decided) {
        discard(decided.broken());
        Map<Integer, Set<String>> changed = new HashMap<>();
        for (Routed routed : decided.decisions()) {
            if (routed.decision() instanceof OpCommitted committed) {
                changed.computeIfAbsent(routed.partition(), p -> new HashSet<>()).add(committed.docId());
            }
        }
        CheckpointRecords records = new CheckpointRecords();
        Map<Integer, Set<String>> written = new HashMap<>();
        long[] budget = {config.checkpoint().maxBytesPerTransaction()};
        for (HotDocuments.Hot evicted : hot.trim()) {
            DocumentSequencer sequencer = evicted.sequencer();
            int partition = evicted.partition();
            boolean dirty = partitions.get(partition).dirty(sequencer.docId())
                    || changed.getOrDefault(partition, Set.of()).contains(sequencer.docId());
            if (dirty && !write(records, written, budget, partition, sequencer)) {
                hot.put(partition, sequencer); // no room in this transaction: it leaves with a later one
            }
        }
        if (System.nanoTime() - lastRound >= config.checkpoint().interval().toNanos()) {
            boolean complete = true;
            for (int partition : partitions.keySet()) {
                Set<String> dirty = new HashSet<>(partitions.get(partition).dirtyDocuments());
                dirty.addAll(changed.getOrDefault(partition, Set.of()));
                for (DocumentSequencer sequencer : hot.of(partition)) {
                    if (dirty.contains(sequencer.docId())
                            && !written.getOrDefault(partition, Set.of()).contains(sequencer.docId())) {
                        complete &= write(records, written, budget, partition, sequencer);
                    }
                }
            }
            if (complete) {
                lastRound = System.nanoTime();
                // the mark of a partition with nothing to checkpoint still moves past what it wrote since
                partitions.keySet().forEach(partition -> written.computeIfAbsent(partition, p -> new HashSet<>()));
            }
        }
        // a document of this batch that is not checkpointed here stays behind the mark: markAfter knows
        written.forEach((partition, documents) -> partitions.get(partition).markAfter(documents).ifPresent(mark ->
                records.add(new Outgoing(partition, null, String.valueOf(mark).getBytes(StandardCharsets.US_ASCII),
                        mark))));
        return records;
    }

    /** Adds the document's checkpoint if the budget has room (or nothing was written yet); whether it did. */
    private boolean write(CheckpointRecords records, Map<Integer, Set<String>> written, long[] budget, int partition,
                          DocumentSequencer sequencer) {
        if (budget[0] <= 0 && !records.outgoing().isEmpty()) {
            return false;
        }
        byte[] value = codec.encode(sequencer.checkpoint());
        records.add(new Outgoing(partition, sequencer.docId(), value, -1));
        written.computeIfAbsent(partition, p -> new HashSet<>()).add(sequencer.docId());
        budget[0] -= value.length;
        return true;
    }

    /**
     * The transaction that wrote {@code records} (and the decisions they track) committed: learns where its
     * records are. If Kafka did not say, the partitions concerned are rebuilt from what was committed.
     */
    void committed(CheckpointRecords records) {
        kept.wrote(records.partitions());
        try {
            records.written().forEach((partition, written) -> {
                PartitionCheckpoints state = partitions.get(partition);
                if (state != null) {
                    state.committed(written.ops(), written.checkpoints(), written.mark(), written.lastOp());
                }
            });
            metrics.checkpointed(records.outgoing().stream().filter(record -> record.docId() != null).count());
        } catch (IllegalStateException unknown) {
            LOG.warnf("%s: rebuilding the partitions of the batch", unknown.getMessage());
            discard(records.partitions());
        }
    }

    /** Forgets the state of {@code partitions}: it may hold changes of an aborted transaction. */
    void discard(Collection<Integer> partitions) {
        for (int partition : partitions) {
            forget(partition);
            if (owned.contains(partition)) {
                unbuilt.add(partition);
            }
        }
        metrics.hotDocuments(worker, hot.size());
    }

    private void forget(int partition) {
        hot.dropPartition(partition);
        partitions.remove(partition);
        kept.forget(partition);
    }

    /** Partitions that come back to this worker with their logs where they left them: taken back as they were. */
    private void takeBackUnchanged() {
        var candidates = kept.keptAmong(unbuilt);
        if (candidates.isEmpty()) {
            return;
        }
        rebuild().stableEnds(candidates).forEach((partition, ends) -> kept.takeBack(partition, ends).ifPresent(back -> {
            partitions.put(partition, back.checkpoints());
            back.documents().forEach(sequencer -> hot.put(partition, sequencer));
            unbuilt.remove(partition);
            metrics.partitionTakenBack();
            LOG.infof("partition %d came back with its logs unchanged (tandem.ops ends at %d): its state is kept, "
                    + "not rebuilt", partition, ends.ops());
        }));
    }

    private void rebuildPartitions(List<Integer> numbers) {
        long started = System.nanoTime();
        Map<Integer, PartitionRebuild.Result> results = rebuild().rebuild(numbers, hot);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        results.forEach((partition, result) -> {
            partitions.put(partition, result.checkpoints());
            kept.exact(partition, result.ends());
            metrics.rebuildRead(result.checkpointsRead(), result.opsRead());
            // one line per partition, with the time of the whole rebuild (they are read together): RecoveryBenchmark
            // and PausedSequencerIT read these lines (ServiceLog.REBUILT)
            LOG.infof("rebuilt partition %d in %d ms from %d checkpoint records and %d records of tandem.ops (offsets %d "
                    + "to %d; partitions %s rebuilt together)", partition, took.toMillis(), result.checkpointsRead(),
                    result.opsRead(), result.opsFrom(), result.ends().ops(), numbers);
        });
        metrics.rebuilt("partition", took);
    }

    private PartitionRebuild rebuild() {
        if (rebuild == null) {
            reader = new LogReader(kafka, "tandem-sequencer-rebuild-" + worker,
                    config.rebuildStableTimeout());
            rebuild = new PartitionRebuild(reader, limits, config.checkpoint().rebuildCacheBytes());
        }
        return rebuild;
    }

    /** Whether assignment changes wait to be applied, or owned partitions to be rebuilt. */
    boolean needsCatchUp() {
        return !changes.isEmpty() || !unbuilt.isEmpty();
    }

    /** Owned partitions whose state is not rebuilt yet (readiness). */
    Set<Integer> unbuilt() {
        return Set.copyOf(unbuilt);
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (RuntimeException e) {
                // shutting down while a rebuild runs on the sequencing thread: nothing left to keep consistent
                LOG.debugf("closing the log reader: %s", e);
            }
        }
    }

    /** A batch polled before a rebalance took one of its partitions away: it must not be committed. */
    static final class StaleBatchException extends IllegalStateException {
        StaleBatchException(String message) {
            super(message);
        }
    }
}
