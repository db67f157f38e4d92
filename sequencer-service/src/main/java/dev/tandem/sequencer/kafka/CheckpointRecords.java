package dev.tandem.sequencer.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What one transaction writes besides its decisions: checkpoints and marks on {@code tandem.checkpoints}, and,
 * once it has been sent, where each of its records landed (Kafka tells the offset of every record sent, through
 * the future {@code send} returns), so that {@link DocumentStates} can learn from it once it committed.
 */
final class CheckpointRecords {

    /** The key of a partition's mark: not a document id (those are {@code [A-Za-z0-9_-]{1,64}}). */
    static final String MARK_KEY = "~recovery-start";

    /** A record to write to {@code tandem.checkpoints}: a document's checkpoint, or a mark ({@code docId} null). */
    record Outgoing(int partition, String docId, byte[] value, long mark) {

        String key() {
            return docId == null ? MARK_KEY : docId;
        }
    }

    private enum Kind { COMMITTED_OP, OTHER_DECISION, CHECKPOINT }

    /** A record sent in this transaction whose offset is learnt once Kafka has it. */
    private record Sent(int partition, String docId, Kind kind, Future<RecordMetadata> at) {
    }

    /** What a committed transaction wrote to one partition (see PartitionCheckpoints#committed). */
    record Written(Map<String, Long> ops, Map<String, Long> checkpoints, OptionalLong mark, OptionalLong lastOp) {
    }

    private final List<Outgoing> outgoing = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();

    void add(Outgoing record) {
        outgoing.add(record);
    }

    List<Outgoing> outgoing() {
        return outgoing;
    }

    /**
     * A decision about {@code docId} was sent to {@code tandem.ops} in this transaction; {@code committed}: it is
     * an OpCommitted (the others do not change the document).
     */
    void sentDecision(int partition, String docId, boolean committed, Future<RecordMetadata> at) {
        sent.add(new Sent(partition, docId, committed ? Kind.COMMITTED_OP : Kind.OTHER_DECISION, at));
    }

    /** A checkpoint of this transaction was sent (marks are not tracked: their value is known). */
    void sentCheckpoint(Outgoing record, Future<RecordMetadata> at) {
        sent.add(new Sent(record.partition(), record.docId(), Kind.CHECKPOINT, at));
    }

    /**
     * Per partition, what the committed transaction wrote.
     *
     * @throws IllegalStateException if Kafka did not report the offset of a record (then nothing can be learnt,
     *                               and the caller rebuilds the partitions concerned)
     */
    Map<Integer, Written> written() {
        Map<Integer, Map<String, Long>> ops = new HashMap<>();
        Map<Integer, Map<String, Long>> checkpoints = new HashMap<>();
        Map<Integer, Long> lastOp = new HashMap<>();
        for (Sent record : sent) {
            RecordMetadata metadata = metadata(record.at());
            if (metadata == null || !metadata.hasOffset()) {
                throw new IllegalStateException("Kafka did not report the offset of a record of " + record.docId());
            }
            long offset = metadata.offset();
            switch (record.kind()) {
                case CHECKPOINT -> checkpoints.computeIfAbsent(record.partition(), p -> new HashMap<>())
                        .put(record.docId(), offset);
                case COMMITTED_OP -> ops.computeIfAbsent(record.partition(), p -> new HashMap<>())
                        .merge(record.docId(), offset, Math::min);
                case OTHER_DECISION -> {
                }
            }
            if (record.kind() != Kind.CHECKPOINT) {
                lastOp.merge(record.partition(), offset, Math::max);
            }
        }
        Map<Integer, Long> marks = new HashMap<>();
        outgoing.stream().filter(record -> record.docId() == null)
                .forEach(record -> marks.put(record.partition(), record.mark()));
        Map<Integer, Written> written = new HashMap<>();
        Set<Integer> partitions = new TreeSet<>(ops.keySet());
        partitions.addAll(checkpoints.keySet());
        partitions.addAll(marks.keySet());
        for (int partition : partitions) {
            written.put(partition, new Written(ops.getOrDefault(partition, Map.of()),
                    checkpoints.getOrDefault(partition, Map.of()), optional(marks.get(partition)),
                    optional(lastOp.get(partition))));
        }
        return written;
    }

    /** The partitions this transaction writes decisions, checkpoints or marks to. */
    Set<Integer> partitions() {
        Set<Integer> partitions = new TreeSet<>();
        outgoing.forEach(record -> partitions.add(record.partition()));
        sent.forEach(record -> partitions.add(record.partition()));
        return partitions;
    }

    /** The metadata of a send of a committed transaction (done by then), or {@code null} if it failed. */
    private static RecordMetadata metadata(Future<RecordMetadata> at) {
        if (!at.isDone()) {
            return null;
        }
        try {
            return at.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
