package dev.tandem.snapshot.health;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;

/**
 * Whether the projection is current enough to serve: partitions of tandem.ops are assigned to this instance, and
 * what it has not folded yet (end offset minus committed offset) is within a bound. A pure decision, so it can be
 * tested without a broker.
 *
 * <p>The bound counts offsets, so it also counts transaction markers (one per sequencer transaction): an idle,
 * caught-up partition shows a lag of one, since the service commits the offset after its last record.
 */
record CatchUp(boolean ready, String reason, long lag) {

    /**
     * @param ends      read_committed end offsets of the assigned partitions
     * @param committed the group's committed offsets (absent: nothing committed yet, the whole partition counts)
     * @param beginning the first offsets of the assigned partitions
     */
    static CatchUp of(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed,
                      Map<TopicPartition, Long> beginning, long maxLag) {
        if (ends.isEmpty()) {
            return new CatchUp(false, "no partition of tandem.ops is assigned to this instance (joining the group,"
                    + " or a rebalance in progress)", 0);
        }
        long lag = 0;
        TopicPartition worst = null;
        long worstLag = -1;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            TopicPartition tp = end.getKey();
            long from = Optional.ofNullable(committed.get(tp)).orElse(beginning.getOrDefault(tp, 0L));
            long behind = Math.max(0, end.getValue() - from);
            lag += behind;
            if (behind > worstLag) {
                worstLag = behind;
                worst = tp;
            }
        }
        if (lag > maxLag) {
            return new CatchUp(false, lag + " records of tandem.ops not folded yet (most on partition "
                    + worst.partition() + ": " + worstLag + "); ready at " + maxLag + " or fewer", lag);
        }
        return new CatchUp(true, "caught up", lag);
    }
}
