package dev.tandem.gateway.document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import dev.tandem.protocol.OpCommitted;

/**
 * Where each committed event read from tandem.ops goes: into its partition's {@link PartitionBuffer}, and to its
 * {@link LiveDocument} if the document is live here. Also the registry of live documents, with a count of the
 * connections holding each.
 *
 * <p>The hand-over argument: {@link #route} (buffer the event, look the document up) and {@link #acquire}
 * (register a new document, copy its buffered run) run under one lock. So for every event and every newly
 * registered document, either the event was buffered before the registration, and is in the run the document
 * starts from, or it is routed to the document afterwards. Never neither; both only as a redelivery, which the
 * document drops by revision.
 */
public final class OpsRouter {

    /** A document acquired by a connection. */
    public record Acquired(LiveDocument document, boolean created, int partition, List<OpCommitted> run,
                           long completeFrom) {
    }

    private final PartitionBuffer[] buffers;
    private final ToIntFunction<String> partitionOf;
    private final int windowCapacity;
    private final Map<String, LiveDocument> live = new HashMap<>();
    private final Map<String, Integer> holders = new HashMap<>();
    private final Map<String, Long> idleSince = new HashMap<>();

    /**
     * @param startOffsets  per partition, the offset the consumer starts reading from
     * @param bufferCapacity events held per partition
     * @param partitionOf   the partition of a document id (Kafka's default partitioner over the key)
     */
    public OpsRouter(long[] startOffsets, int bufferCapacity, int windowCapacity, ToIntFunction<String> partitionOf) {
        this.buffers = new PartitionBuffer[startOffsets.length];
        for (int p = 0; p < startOffsets.length; p++) {
            buffers[p] = new PartitionBuffer(bufferCapacity, startOffsets[p]);
        }
        this.partitionOf = partitionOf;
        this.windowCapacity = windowCapacity;
    }

    public int partitions() {
        return buffers.length;
    }

    public int partitionOf(String docId) {
        return partitionOf.applyAsInt(docId);
    }

    /** Buffers a committed event read at {@code offset}; returns its live document, or null. */
    public synchronized LiveDocument route(int partition, long offset, OpCommitted op) {
        buffers[partition].add(offset, op);
        return live.get(op.docId());
    }

    /** The live document of {@code docId}, or null. */
    public synchronized LiveDocument live(String docId) {
        return live.get(docId);
    }

    /**
     * A connection takes hold of {@code docId}, registering it (LOADING) if it is not live, unless it already has
     * {@code maxHolders} connections.
     *
     * @return null when the document has {@code maxHolders} holders
     */
    public synchronized Acquired acquire(String docId, int maxHolders) {
        int held = holders.getOrDefault(docId, 0);
        if (held >= maxHolders) {
            return null;
        }
        holders.put(docId, held + 1);
        idleSince.remove(docId);
        LiveDocument existing = live.get(docId);
        if (existing != null && existing.state() != LiveDocument.State.FAILED) {
            return new Acquired(existing, false, -1, List.of(), -1);
        }
        LiveDocument created = new LiveDocument(docId, windowCapacity);
        live.put(docId, created);
        int p = partitionOf(docId);
        return new Acquired(created, true, p, buffers[p].run(docId), buffers[p].completeFrom());
    }

    /** A connection lets go of {@code docId}; a document nobody holds becomes idle. */
    public synchronized void release(String docId, long nowMillis) {
        int held = holders.getOrDefault(docId, 0) - 1;
        if (held <= 0) {
            holders.remove(docId);
            idleSince.put(docId, nowMillis);
        } else {
            holders.put(docId, held);
        }
    }

    /** Forgets a failed document, so the next join loads it anew. */
    public synchronized void forget(LiveDocument document) {
        if (live.get(document.docId()) == document) {
            live.remove(document.docId());
        }
    }

    /** Unloads documents nobody has held since before {@code cutoffMillis}; returns their ids. */
    public synchronized List<String> unloadIdle(long cutoffMillis) {
        List<String> unloaded = new ArrayList<>();
        idleSince.entrySet().removeIf(e -> {
            if (e.getValue() < cutoffMillis && !holders.containsKey(e.getKey())) {
                live.remove(e.getKey());
                unloaded.add(e.getKey());
                return true;
            }
            return false;
        });
        return unloaded;
    }

    public synchronized int liveCount() {
        return live.size();
    }

    public synchronized List<LiveDocument> liveDocuments() {
        return List.copyOf(live.values());
    }
}
