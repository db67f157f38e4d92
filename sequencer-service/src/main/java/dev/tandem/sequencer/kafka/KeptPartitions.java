package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.tandem.sequencer.DocumentSequencer;
import dev.tandem.sequencer.checkpoint.PartitionCheckpoints;
import dev.tandem.sequencer.kafka.PartitionRebuild.Ends;

/**
 * The state of partitions that left a worker while that state was still exactly the fold of their committed logs,
 * kept for a while, so that a partition which comes back unchanged is taken back as it is instead of being rebuilt.
 *
 * <p>Why: a worker loses its partitions whenever its session expires, which a long pause does (a rebuild from
 * offset 0 of a long log that has no mark yet, garbage collection, a machine that was suspended); static membership
 * then gives them back to it. Rebuilding them again would take as long as the first time, and lose them again, for
 * ever. A partition's state is known to equal the fold of its log up to the {@link Ends} it was rebuilt at, as long
 * as its owner has written nothing to it since; only its owner writes to {@code tandem.ops} and
 * {@code tandem.checkpoints} of a partition, so if both stable ends are still there when it comes back, nobody wrote
 * anything in between (not even an aborted transaction: that takes offsets too) and the state is still exact.
 * Anything else (a write of ours, an abort, ends that moved, too long away) means a rebuild. Not thread-safe: the
 * sequencing thread's.
 */
final class KeptPartitions {

    /** How long a partition that left is kept: far beyond a session timeout and a rejoin. */
    static final Duration KEPT_FOR = Duration.ofMinutes(2);

    /** What is kept of a partition that left. */
    record Kept(PartitionCheckpoints checkpoints, List<DocumentSequencer> documents, Ends ends, long leftAt) {
    }

    /** Owned partitions whose state is the fold of their logs at these ends (rebuilt, nothing written since). */
    private final Map<Integer, Ends> exactAt = new HashMap<>();
    private final Map<Integer, Kept> kept = new HashMap<>();

    /** A partition's state was rebuilt from its logs up to {@code ends} (or taken back at them). */
    void exact(int partition, Ends ends) {
        exactAt.put(partition, ends);
    }

    /** A transaction of ours wrote to these partitions: their ends are no longer known. */
    void wrote(Collection<Integer> partitions) {
        partitions.forEach(exactAt::remove);
    }

    /** The partition's state is being dropped or replaced: whatever was known about it is no longer true. */
    void forget(int partition) {
        exactAt.remove(partition);
    }

    /** The partition left this worker with this state: kept if it is exact, else dropped. */
    void left(int partition, PartitionCheckpoints checkpoints, List<DocumentSequencer> documents) {
        Ends ends = exactAt.remove(partition);
        if (ends != null && checkpoints != null) {
            kept.put(partition, new Kept(checkpoints, documents, ends, System.nanoTime()));
        }
    }

    /** Which of {@code partitions} have a state kept (the ones too long away are dropped first). */
    Set<Integer> keptAmong(Collection<Integer> partitions) {
        long now = System.nanoTime();
        kept.values().removeIf(k -> now - k.leftAt() > KEPT_FOR.toNanos());
        Set<Integer> found = new TreeSet<>(partitions);
        found.retainAll(kept.keySet());
        return found;
    }

    /**
     * Takes the kept state of {@code partition} back if its logs end where they did ({@code ends}, stable); either
     * way it is no longer kept. Empty when it must be rebuilt.
     */
    Optional<Kept> takeBack(int partition, Ends ends) {
        Kept back = kept.remove(partition);
        if (back == null || !back.ends().equals(ends)) {
            return Optional.empty();
        }
        exactAt.put(partition, ends);
        return Optional.of(back);
    }

    /** How many partitions are kept (their documents stay in memory until they come back or expire). */
    int size() {
        return kept.size();
    }
}
