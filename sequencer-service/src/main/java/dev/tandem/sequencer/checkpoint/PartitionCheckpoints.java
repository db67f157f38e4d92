package dev.tandem.sequencer.checkpoint;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where recovery of one partition starts, and why it starts there. Offsets are of {@code tandem.ops} unless they
 * say otherwise. No Kafka here: the caller reports what was committed.
 *
 * <p>Invariant: every committed op of a document of this partition whose revision is above that document's latest
 * committed checkpoint lies at or after the latest committed mark. It holds because a document with such ops is
 * {@link #dirty} with (a lower bound of) the offset of the first one, every op written from now on lies at or
 * after {@code knownEnd}, and {@link #markAfter} is never above either. So state rebuilt from the checkpoints plus
 * the ops from the mark is the state a fold of the whole partition gives (PartitionCheckpointsProperties).
 */
public final class PartitionCheckpoints {

    private final Map<String, Long> dirtySince = new HashMap<>();
    private final Map<String, Long> checkpointAt = new HashMap<>();
    private final Map<String, Undecoded> undecoded = new HashMap<>();
    private long knownEnd;
    private long markWritten;

    /**
     * @param knownEnd    the partition's stable end offset when it was rebuilt: every op written later lies after it
     * @param markWritten the recovery start recorded in the partition's latest committed mark (0 if none)
     */
    public PartitionCheckpoints(long knownEnd, long markWritten) {
        this.knownEnd = knownEnd;
        this.markWritten = markWritten;
    }


    /**
     * The recovery start a mark written now, in a transaction that also checkpoints {@code checkpointed}, may
     * record: the ops of the documents that stay dirty are at or after it, and so is every op this transaction
     * writes ({@link #knownEnd} is below them). Empty when it would not move the mark forward.
     */
    public OptionalLong markAfter(Set<String> checkpointed) {
        long start = knownEnd;
        for (Map.Entry<String, Long> dirty : dirtySince.entrySet()) {
            if (!checkpointed.contains(dirty.getKey())) {
                start = Math.min(start, dirty.getValue());
            }
        }
        return start > markWritten ? OptionalLong.of(start) : OptionalLong.empty();
    }

    /** Whether {@code docId} has committed ops its latest checkpoint does not hold. */
    public boolean dirty(String docId) {
        return dirtySince.containsKey(docId);
    }

    public Set<String> dirtyDocuments() {
        return Set.copyOf(dirtySince.keySet());
    }

    /** The offset on {@code tandem.checkpoints} of the document's latest committed checkpoint, if it has one. */
    public OptionalLong checkpointOf(String docId) {
        Long offset = checkpointAt.get(docId);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** Read back at rebuild: the document's latest checkpoint is at {@code offset} of {@code tandem.checkpoints}. */
    public void checkpointFound(String docId, long offset) {
        checkpointAt.put(docId, offset);
    }

    /**
     * Read back at rebuild and kept as it was read: the document's latest checkpoint, {@code value}, at
     * {@code offset}. Decoding is left to the first edit that needs the document, so that a failover does not wait
     * for every cached checkpoint to be decoded.
     */
    public void keepUndecoded(String docId, long offset, byte[] value) {
        undecoded.put(docId, new Undecoded(offset, value));
    }

    /**
     * The bytes of the document's latest checkpoint if they were kept undecoded, no longer kept once returned.
     * Empty if they were not, or if the document has been checkpointed again since (they would be stale).
     */
    public Optional<byte[]> takeUndecoded(String docId) {
        Undecoded kept = undecoded.remove(docId);
        Long latest = checkpointAt.get(docId);
        return kept == null || latest == null || kept.offset() != latest ? Optional.empty() : Optional.of(kept.value());
    }

    /** How many checkpoints are kept undecoded, and their bytes. */
    public long undecodedCount() {
        return undecoded.size();
    }

    public long undecodedBytes() {
        return undecoded.values().stream().mapToLong(kept -> kept.value().length).sum();
    }

    /** Read back at rebuild: {@code docId} has an op past its checkpoint at {@code offset}. */
    public void opFound(String docId, long offset) {
        dirtySince.merge(docId, offset, Math::min);
    }

    /**
     * A transaction committed: it wrote ops of {@code opsWritten} (document to the offset of its first op in it),
     * the checkpoints {@code checkpointsWritten} (document to offset on {@code tandem.checkpoints}), each holding
     * every op of its document in the transaction, and a mark of {@code mark} if present; {@code lastOpOffset} is
     * the offset of its last op on this partition, if it wrote any.
     */
    public void committed(Map<String, Long> opsWritten, Map<String, Long> checkpointsWritten, OptionalLong mark,
                          OptionalLong lastOpOffset) {
        opsWritten.forEach((docId, offset) -> {
            if (!checkpointsWritten.containsKey(docId)) {
                dirtySince.merge(docId, offset, Math::min);
            }
        });
        checkpointsWritten.forEach((docId, offset) -> {
            checkpointAt.put(docId, offset);
            dirtySince.remove(docId);
            undecoded.remove(docId);
        });
        mark.ifPresent(offset -> markWritten = Math.max(markWritten, offset));
        lastOpOffset.ifPresent(offset -> knownEnd = Math.max(knownEnd, offset + 1));
    }

    private record Undecoded(long offset, byte[] value) {
    }
}
