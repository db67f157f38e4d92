package dev.tandem.sequencer.kafka;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.SequencedEventDeserializer;
import dev.tandem.sequencer.DocumentSequencer;
import dev.tandem.sequencer.HotDocuments;
import dev.tandem.sequencer.SequencerLimits;
import dev.tandem.sequencer.checkpoint.CheckpointCodec;
import dev.tandem.sequencer.checkpoint.PartitionCheckpoints;

/**
 * Rebuilds the state of one partition from its checkpoints and the tail of its log: (1) every checkpoint of
 * {@code tandem.checkpoints} (compacted: about one record per document), which gives each document's latest
 * checkpoint and the partition's latest mark, the offset of {@code tandem.ops} recovery starts at; (2) the ops from
 * that mark on. A document with ops in the tail is restored from its checkpoint (or from nothing, if it has none)
 * and those ops of revisions above the checkpoint are folded into it. The most recently checkpointed documents are
 * kept in memory as well (within a byte budget); the others are read back one by one when an edit needs them.
 *
 * <p>What it reads grows with the number of documents and with the ops since the last checkpoint round, not with
 * the history: a log never checkpointed (written before checkpoints existed) has no mark and is read from 0, once.
 */
final class PartitionRebuild {

    /** What a rebuild found: the state of the partition and how much it read. */
    record Result(PartitionCheckpoints checkpoints, int checkpointsRead, int opsRead, long opsFrom, long opsEnd) {
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

    Result rebuild(int partition, HotDocuments hot) {
        TopicPartition opsTp = new TopicPartition(Topics.OPS, partition);
        TopicPartition checkpointsTp = new TopicPartition(Topics.CHECKPOINTS, partition);
        long opsEnd = reader.awaitStableEnd(opsTp);
        long checkpointsEnd = reader.awaitStableEnd(checkpointsTp);

        Map<String, Long> checkpointAt = new LinkedHashMap<>();
        LinkedHashMap<String, byte[]> recent = new LinkedHashMap<>(16, 0.75f, true);
        long[] mark = {0};
        long[] cached = {0};
        int[] checkpointsRead = {0};
        reader.read(checkpointsTp, 0, checkpointsEnd, record -> {
            checkpointsRead[0]++;
            if (CheckpointRecords.MARK_KEY.equals(record.key())) {
                mark[0] = Math.max(mark[0], Long.parseLong(new String(record.value(),
                        java.nio.charset.StandardCharsets.US_ASCII)));
                return;
            }
            if (record.value() == null) {
                return; // a tombstone: none are written, but an operator may
            }
            checkpointAt.remove(record.key()); // re-inserted last: the order is that of the latest checkpoints
            checkpointAt.put(record.key(), record.offset());
            byte[] previous = recent.put(record.key(), record.value());
            cached[0] += record.value().length - (previous == null ? 0 : previous.length);
            for (Iterator<byte[]> it = recent.values().iterator(); cached[0] > cacheBytes && it.hasNext(); ) {
                cached[0] -= it.next().length;
                it.remove();
            }
        });

        PartitionCheckpoints state = new PartitionCheckpoints(opsEnd, mark[0]);
        checkpointAt.forEach(state::checkpointFound);
        // the newest checkpoints in memory, oldest first so that the LRU order follows them
        recent.forEach((docId, value) -> hot.put(partition, DocumentSequencer.restore(CheckpointCodec.decode(value),
                limits)));

        Map<String, List<ConsumerRecord<String, byte[]>>> tail = new LinkedHashMap<>();
        int[] opsRead = {0};
        reader.read(opsTp, mark[0], opsEnd, record -> {
            opsRead[0]++;
            if (record.key() != null) {
                tail.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record);
            }
        });
        tail.forEach((docId, records) -> {
            DocumentSequencer sequencer = hot.get(docId);
            if (sequencer == null) {
                sequencer = load(partition, docId, state.checkpointOf(docId));
                hot.put(partition, sequencer);
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                SequencedEvent event = events.deserialize(record.topic(), record.value());
                if (event instanceof OpCommitted committed && committed.docId().equals(docId)
                        && committed.revision() > sequencer.head()) {
                    sequencer.replay(committed);
                    state.opFound(docId, record.offset());
                }
            }
        });
        return new Result(state, checkpointsRead[0], opsRead[0], mark[0], opsEnd);
    }

    /** A document not in memory: from its latest checkpoint, or new if it has none. */
    DocumentSequencer load(int partition, String docId, OptionalLong checkpoint) {
        if (checkpoint.isEmpty()) {
            return new DocumentSequencer(docId, limits);
        }
        byte[] value = reader.readAt(new TopicPartition(Topics.CHECKPOINTS, partition), checkpoint.getAsLong());
        return DocumentSequencer.restore(CheckpointCodec.decode(value), limits);
    }
}
