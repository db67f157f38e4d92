package dev.tandem.gateway.document;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.protocol.OpCommitted;

/**
 * The most recent committed events of one partition of tandem.ops, as the gateway's consumer read them, indexed by
 * document: what a document that becomes live on this gateway starts from, besides the snapshot service.
 *
 * <p>Invariant: every {@link OpCommitted} at an offset in {@code [completeFrom(), position)} (the position being
 * the offset after the last record added) is held. Eviction is first-in first-out over the whole partition, so
 * evicting the oldest record only moves {@code completeFrom} forward; it never punches a hole in the middle. Hence
 * the events of one document held here are a contiguous run of its revisions, and the revision before that run
 * was committed at an offset below {@code completeFrom}.
 *
 * <p>Not thread-safe: guarded by the {@link OpsRouter} that owns it.
 */
public final class PartitionBuffer {
    private record Held(long offset, OpCommitted op) {
    }

    private final int capacity;
    private final ArrayDeque<Held> ring = new ArrayDeque<>();
    private final Map<String, ArrayDeque<OpCommitted>> byDocument = new HashMap<>();
    private long completeFrom;

    /** A buffer holding at most {@code capacity} events, complete from offset {@code startOffset}. */
    public PartitionBuffer(int capacity, long startOffset) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.completeFrom = startOffset;
    }

    /** Holds the event read at {@code offset}; the oldest event goes when full. */
    public void add(long offset, OpCommitted op) {
        if (ring.size() == capacity) {
            Held oldest = ring.removeFirst();
            ArrayDeque<OpCommitted> run = byDocument.get(oldest.op().docId());
            run.removeFirst();
            if (run.isEmpty()) {
                byDocument.remove(oldest.op().docId());
            }
            completeFrom = oldest.offset() + 1;
        }
        ring.addLast(new Held(offset, op));
        byDocument.computeIfAbsent(op.docId(), d -> new ArrayDeque<>()).addLast(op);
    }

    /** The held events of {@code docId}, in revision order (a contiguous run; empty when none). */
    public List<OpCommitted> run(String docId) {
        ArrayDeque<OpCommitted> run = byDocument.get(docId);
        return run == null ? List.of() : List.copyOf(run);
    }

    /** Every committed event from this offset up to the consumer's position is held. */
    public long completeFrom() {
        return completeFrom;
    }

    public int size() {
        return ring.size();
    }
}
