package dev.tandem.sequencer.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.SequencedEventDeserializer;
import dev.tandem.sequencer.DocumentSequencer;
import dev.tandem.sequencer.HotDocuments;
import dev.tandem.sequencer.SequencerLimits;
import dev.tandem.sequencer.checkpoint.CheckpointCodec;
import dev.tandem.sequencer.checkpoint.PartitionCheckpoints;
import dev.tandem.sequencer.kafka.LogReader.Range;

/**
 * Rebuilds the state of partitions from their checkpoints and the tail of their log, all partitions read together:
 * (1) every record of their {@code tandem.checkpoints} partitions (compacted: about one per document), which gives
 * each document's latest checkpoint and each partition's latest mark, the offset of {@code tandem.ops} recovery
 * starts at; (2) the ops from each mark on. A document with ops in the tail is restored from its checkpoint (or
 * from nothing, if it has none) and those ops of revisions above the checkpoint are folded into it. The bytes of the
 * most recently checkpointed documents are kept in memory as read (within a byte budget per partition) and decoded
 * when an edit needs them; the others are read back one by one when an edit needs them. Nothing is decoded on the
 * failover's path but what the tail needs.
 *
 * <p>What it reads grows with the number of documents and with the ops since the last checkpoint round, not with
 * the history: a log never checkpointed (written before checkpoints existed) has no mark and is read from 0, once.
 */
final class PartitionRebuild {

    private static final Logger LOG = Logger.getLogger(PartitionRebuild.class);

    /** What the rebuild of one partition found: its state, how much it read, and the ends it read up to. */
    record Result(PartitionCheckpoints checkpoints, int checkpointsRead, int opsRead, long opsFrom, Ends ends) {
    }

    /**
     * The stable end offsets of one partition number's {@code tandem.ops} and {@code tandem.checkpoints}: while
     * both stay where they were when a state was rebuilt (and its owner wrote nothing since), that state is still
     * the fold of the whole committed log (only the partition's owner writes to them).
     */
    record Ends(long ops, long checkpoints) {
    }

    /** One partition's rebuild in progress. */
    private final class Partition {
        final int number;
        final Ends ends;
        final Map<String, Long> checkpointAt = new HashMap<>();
        final LinkedHashMap<String, byte[]> newest = new LinkedHashMap<>();
        final Map<String, List<ConsumerRecord<String, byte[]>>> deferred = new LinkedHashMap<>();
        PartitionCheckpoints state;
        long mark;
        long cached;
        int checkpointsRead;
        long checkpointBytes;
        int opsRead;
        int restored;

        Partition(int number, Ends ends) {
            this.number = number;
            this.ends = ends;
        }

        void checkpointRecord(ConsumerRecord<String, byte[]> record) {
            checkpointsRead++;
            checkpointBytes += record.value() == null ? 0 : record.value().length;
            if (CheckpointRecords.MARK_KEY.equals(record.key())) {
                mark = Math.max(mark, Long.parseLong(new String(record.value(), StandardCharsets.US_ASCII)));
                return;
            }
            if (record.value() == null) {
                return; // a tombstone: none are written, but an operator may
            }
            checkpointAt.put(record.key(), record.offset());
            byte[] previous = newest.remove(record.key()); // re-inserted last: newest checkpoints last
            newest.put(record.key(), record.value());
            cached += record.value().length - (previous == null ? 0 : previous.length);
            for (Iterator<byte[]> it = newest.values().iterator(); cached > cacheBytes && it.hasNext(); ) {
                cached -= it.next().length;
                it.remove();
            }
        }

        /**
         * Once the checkpoints are read: the partition's state, with the newest checkpoints kept in it undecoded
         * (decoded when an edit needs them: decoding them all here was most of a failover's time).
         */
        void keepNewest() {
            state = new PartitionCheckpoints(ends.ops(), mark);
            checkpointAt.forEach(state::checkpointFound);
            newest.forEach((docId, value) -> state.keepUndecoded(docId, checkpointAt.get(docId), value));
            newest.clear();
        }

        /**
         * Folds an op of the tail into its document as it is read (so a long tail, such as a whole log with no
         * mark, needs no memory of its own); a document whose checkpoint is not in memory waits for the read to end
         * (the reader cannot read it in the middle of another read).
         */
        void opRecord(ConsumerRecord<String, byte[]> record, HotDocuments hot) {
            opsRead++;
            String docId = record.key();
            if (docId == null) {
                return;
            }
            DocumentSequencer sequencer = hot.get(docId);
            if (sequencer == null) {
                sequencer = state.takeUndecoded(docId).map(PartitionRebuild.this::restore)
                        .orElse(state.checkpointOf(docId).isEmpty() ? new DocumentSequencer(docId, limits) : null);
                if (sequencer != null) {
                    restored++;
                    hot.put(number, sequencer);
                }
            }
            if (sequencer == null) {
                deferred.computeIfAbsent(docId, k -> new ArrayList<>()).add(record);
            } else {
                fold(sequencer, record);
            }
        }

        Result finish(HotDocuments hot) {
            deferred.forEach((docId, records) -> {
                DocumentSequencer sequencer = load(number, docId, state);
                hot.put(number, sequencer);
                records.forEach(record -> fold(sequencer, record));
            });
            return new Result(state, checkpointsRead, opsRead, mark, ends);
        }

        private void fold(DocumentSequencer sequencer, ConsumerRecord<String, byte[]> record) {
            SequencedEvent event = events.deserialize(record.topic(), record.value());
            if (event instanceof OpCommitted committed && committed.docId().equals(sequencer.docId())
                    && committed.revision() > sequencer.head()) {
                sequencer.replay(committed);
                state.opFound(sequencer.docId(), record.offset());
            }
        }
    }

    private final LogReader reader;
    private final SequencerLimits limits;
    private final long cacheBytes;
    private final SequencedEventDeserializer events = new SequencedEventDeserializer();

    PartitionRebuild(LogReader reader, SequencerLimits limits, long cacheBytes) {
        this.reader = reader;
        this.limits = limits;
        this.cacheBytes = cacheBytes;
    }

    /** Rebuilds {@code partitions} into {@code hot}; their state, by partition number. */
    Map<Integer, Result> rebuild(Collection<Integer> partitions, HotDocuments hot) {
        long started = System.nanoTime();
        Map<Integer, Partition> building = new TreeMap<>();
        Map<TopicPartition, Range> checkpoints = new HashMap<>();
        stableEnds(partitions).forEach((p, ends) -> {
            building.put(p, new Partition(p, ends));
            checkpoints.put(new TopicPartition(Topics.CHECKPOINTS, p), new Range(0, ends.checkpoints()));
        });
        long stable = System.nanoTime();
        reader.read(checkpoints, record -> building.get(record.partition()).checkpointRecord(record));
        long checkpointsRead = System.nanoTime();
        Map<TopicPartition, Range> tails = new HashMap<>();
        building.forEach((p, partition) -> {
            partition.keepNewest();
            tails.put(new TopicPartition(Topics.OPS, p), new Range(partition.mark, partition.ends.ops()));
        });
        reader.read(tails, record -> building.get(record.partition()).opRecord(record, hot));
        long tailRead = System.nanoTime();
        Map<Integer, Result> results = new TreeMap<>();
        building.forEach((p, partition) -> results.put(p, partition.finish(hot)));
        long done = System.nanoTime();
        // where a rebuild's time goes (RecoveryBenchmark's failovers): waiting, reading, decoding, folding
        LOG.infof("rebuild of partitions %s: stable after %d ms; checkpoints read in %d ms (%d KB; %d kept undecoded, "
                        + "%d KB); tail read and folded in %d ms (%d documents restored or created to fold it); deferred "
                        + "documents %d ms", partitions, millis(stable - started), millis(checkpointsRead - stable),
                sum(building, partition -> partition.checkpointBytes) / 1024,
                sum(building, partition -> partition.state.undecodedCount()),
                sum(building, partition -> partition.state.undecodedBytes()) / 1024,
                millis(tailRead - checkpointsRead), sum(building, partition -> partition.restored),
                millis(done - tailRead));
        return results;
    }

    private static long sum(Map<Integer, Partition> building, ToLongFunction<Partition> each) {
        return building.values().stream().mapToLong(each).sum();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** The ends of the partitions' logs, once no transaction is open on any of them (see LogReader). */
    Map<Integer, Ends> stableEnds(Collection<Integer> partitions) {
        List<TopicPartition> all = new ArrayList<>();
        partitions.forEach(p -> {
            all.add(new TopicPartition(Topics.OPS, p));
            all.add(new TopicPartition(Topics.CHECKPOINTS, p));
        });
        Map<TopicPartition, Long> ends = reader.awaitStableEnds(all);
        Map<Integer, Ends> byPartition = new TreeMap<>();
        partitions.forEach(p -> byPartition.put(p, new Ends(ends.get(new TopicPartition(Topics.OPS, p)),
                ends.get(new TopicPartition(Topics.CHECKPOINTS, p)))));
        return byPartition;
    }

    /**
     * A document not in memory: from its latest checkpoint (kept undecoded since the rebuild, or read back), or
     * new if it has none.
     */
    DocumentSequencer load(int partition, String docId, PartitionCheckpoints state) {
        OptionalLong checkpoint = state.checkpointOf(docId);
        if (checkpoint.isEmpty()) {
            return new DocumentSequencer(docId, limits);
        }
        return restore(state.takeUndecoded(docId).orElseGet(() ->
                reader.readAt(new TopicPartition(Topics.CHECKPOINTS, partition), checkpoint.getAsLong())));
    }

    private DocumentSequencer restore(byte[] value) {
        return DocumentSequencer.restore(CheckpointCodec.decode(value), limits);
    }
}
