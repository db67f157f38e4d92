package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether each assigned partition of {@code tandem.edits} makes progress: it has input (edits past the group's
 * committed offset) and its committed offset has not moved for {@code stallAfter}: stalled. A partition without
 * input is never stalled, and the clock of one starts when its input appears. No Kafka here: fed with samples.
 */
final class PartitionProgress {

    /** One partition at one moment: the group's committed offset (the log start if none) and the end offset. */
    record Sample(long committed, long end) {

        long lag() {
            return Math.max(0, end - committed);
        }
    }

    private record Seen(Sample sample, Instant movedAt) {
    }

    private final Duration stallAfter;
    private final Map<Integer, Seen> partitions = new TreeMap<>();

    PartitionProgress(Duration stallAfter) {
        this.stallAfter = stallAfter;
    }

    /** The partitions assigned now and what was sampled of them; forgets the others. */
    synchronized void observe(Collection<Integer> assigned, Map<Integer, Sample> samples, Instant now) {
        partitions.keySet().retainAll(assigned);
        for (int partition : assigned) {
            Sample sample = samples.get(partition);
            if (sample == null) {
                continue;
            }
            Seen before = partitions.get(partition);
            boolean moved = before == null || before.sample().committed() != sample.committed() || sample.lag() == 0;
            partitions.put(partition, new Seen(sample, moved ? now : before.movedAt()));
        }
    }

    /** Why each stalled partition is stalled, in partition order; empty when every partition makes progress. */
    synchronized List<String> stalled(Instant now) {
        List<String> reasons = new ArrayList<>();
        partitions.forEach((partition, seen) -> {
            Duration still = Duration.between(seen.movedAt(), now);
            if (seen.sample().lag() > 0 && still.compareTo(stallAfter) >= 0) {
                reasons.add("partition " + partition + " of tandem.edits has " + seen.sample().lag()
                        + " edits waiting and its committed offset " + seen.sample().committed()
                        + " has not moved for " + still.toSeconds() + " s");
            }
        });
        return reasons;
    }
}
