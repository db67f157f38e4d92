package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tandem.sequencer.DocumentSequencer;
import dev.tandem.sequencer.HotDocuments;
import dev.tandem.sequencer.SequencerLimits;

/**
 * The state of the documents of the partitions this instance owns, confined to the sequencing thread; the
 * rebalance listener (on the Kafka polling thread) only queues what changed, and {@link #catchUp} applies it.
 *
 * <p>Invariant: a partition is sequenced only once its state has been rebuilt from the committed log after its
 * latest assignment, with no transaction of ours in progress (see {@link OpsLogReader} for why the log must be
 * stable first). State that may hold uncommitted changes (an aborted batch) is {@link #discard discarded} and
 * rebuilt the same way.
 */
@ApplicationScoped
public class DocumentStates {

    private static final Logger LOG = Logger.getLogger(DocumentStates.class);

    private record Change(boolean assigned, List<Integer> partitions) {
    }

    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private final Set<Integer> owned = new HashSet<>();
    private final Set<Integer> unbuilt = new TreeSet<>();
    private final SequencerLimits limits;
    private final HotDocuments hot;
    private final KafkaSettings kafka;
    private final SequencerConfig config;
    private final SequencerMetrics metrics;
    private OpsLogReader reader;

    public DocumentStates(SequencerConfig config, LimitsConfig sizes, KafkaSettings kafka, SequencerMetrics metrics) {
        this.config = config;
        this.limits = config.limits(sizes.maxRecordValueBytes());
        this.hot = new HotDocuments(config.hotDocuments());
        this.kafka = kafka;
        this.metrics = metrics;
    }

    /** From the polling thread: these partitions are ours now. */
    void assigned(Collection<Integer> partitions) {
        changes.add(new Change(true, List.copyOf(partitions)));
    }

    /** From the polling thread: these partitions are no longer ours (revoked or lost). */
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
        hot.trim(); // between transactions: every document in memory is committed state, safe to evict
        for (Change change; (change = changes.poll()) != null; ) {
            for (int partition : change.partitions()) {
                hot.dropPartition(partition);
                if (change.assigned()) {
                    owned.add(partition);
                    unbuilt.add(partition);
                } else {
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
        for (int partition : List.copyOf(unbuilt)) {
            rebuildPartition(partition);
            unbuilt.remove(partition);
        }
        metrics.hotDocuments(hot.size());
    }

    /** The sequencer of {@code docId}, in partition {@code partition} (owned and rebuilt). */
    DocumentSequencer document(int partition, String docId) {
        DocumentSequencer sequencer = hot.get(docId);
        if (sequencer == null) {
            sequencer = new DocumentSequencer(docId, limits);
            if (hot.mayHaveEvicted(partition, docId)) {
                rebuildDocument(partition, sequencer);
            }
            hot.put(partition, sequencer);
            metrics.hotDocuments(hot.size());
        }
        return sequencer;
    }

    /** Forgets the state of {@code partitions}: it may hold changes of an aborted transaction. */
    void discard(Collection<Integer> partitions) {
        for (int partition : partitions) {
            hot.dropPartition(partition);
            if (owned.contains(partition)) {
                unbuilt.add(partition);
            }
        }
        metrics.hotDocuments(hot.size());
    }

    private void rebuildPartition(int partition) {
        long started = System.nanoTime();
        OpsLogReader log = reader();
        long end = log.awaitStableEnd(partition);
        int[] events = {0};
        log.read(partition, end, doc -> true, committed -> {
            hot.fold(partition, committed, limits);
            events[0]++;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.rebuilt("partition", took);
        LOG.infof("rebuilt partition %d from %d committed ops in %d ms", partition, events[0], took.toMillis());
    }

    private void rebuildDocument(int partition, DocumentSequencer sequencer) {
        long started = System.nanoTime();
        OpsLogReader log = reader();
        long end = log.awaitStableEnd(partition);
        log.read(partition, end, sequencer.docId()::equals, sequencer::replay);
        sequencer.damage().ifPresent(damage ->
                LOG.errorf("the log of %s is damaged, its edits are refused: %s", sequencer.docId(), damage));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.rebuilt("document", took);
        LOG.debugf("rebuilt evicted document %s to revision %d in %d ms", sequencer.docId(), sequencer.head(),
                took.toMillis());
    }

    private OpsLogReader reader() {
        if (reader == null) {
            reader = new OpsLogReader(kafka, "tandem-sequencer-rebuild-" + config.instanceId(),
                    config.rebuildStableTimeout());
        }
        return reader;
    }

    @PreDestroy
    void close() {
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
