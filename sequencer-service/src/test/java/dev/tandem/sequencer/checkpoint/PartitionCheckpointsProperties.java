package dev.tandem.sequencer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The recovery invariant, over random transactions of ops, checkpoints and marks on one partition: every op of a
 * document after the one its latest checkpoint holds lies at or after the latest mark. (Which is what makes a
 * rebuild from the checkpoints and the log from the mark exact.)
 */
class PartitionCheckpointsProperties {

    @Property(tries = 500, seed = "20261202")
    void noOpAfterADocumentsCheckpointLiesBeforeTheMark(@ForAll long seed,
                                                        @ForAll @IntRange(min = 1, max = 80) int transactions) {
        Random random = new Random(seed);
        long end = random.nextInt(1000); // the log's end when the partition was rebuilt
        PartitionCheckpoints state = new PartitionCheckpoints(end, 0);
        Map<String, List<Long>> opOffsets = new HashMap<>();
        Map<String, Integer> checkpointHolds = new HashMap<>(); // ops of the document its checkpoint holds
        long mark = 0;
        long checkpointOffset = 0;
        for (int t = 0; t < transactions; t++) {
            Map<String, Long> opsWritten = new HashMap<>();
            Map<String, List<Long>> pending = new HashMap<>();
            long lastOp = -1;
            int records = random.nextInt(8);
            for (int i = 0; i < records; i++) {
                String doc = "d" + random.nextInt(6);
                long offset = end++;
                if (random.nextInt(4) > 0) { // an OpCommitted; the others are refusals and duplicates
                    pending.computeIfAbsent(doc, d -> new ArrayList<>()).add(offset);
                    opsWritten.merge(doc, offset, Math::min);
                }
                lastOp = offset;
            }
            Set<String> checkpointed = new HashSet<>();
            Set<String> known = new HashSet<>(opOffsets.keySet());
            known.addAll(pending.keySet());
            for (String doc : known) {
                if (random.nextInt(3) == 0) {
                    checkpointed.add(doc);
                }
            }
            OptionalLong newMark = state.markAfter(checkpointed);
            Map<String, Long> checkpointsWritten = new HashMap<>();
            for (String doc : checkpointed) {
                checkpointsWritten.put(doc, checkpointOffset++);
            }
            if (random.nextInt(10) == 0) {
                end++; // an aborted transaction's records and marker: offsets used, nothing visible
                continue;
            }
            if (records > 0) {
                end++; // the commit marker
            }
            pending.forEach((doc, offsets) -> opOffsets.computeIfAbsent(doc, d -> new ArrayList<>()).addAll(offsets));
            state.committed(opsWritten, checkpointsWritten, newMark, lastOp < 0 ? OptionalLong.empty()
                    : OptionalLong.of(lastOp));
            for (String doc : checkpointed) {
                checkpointHolds.put(doc, opOffsets.get(doc).size());
            }
            if (newMark.isPresent()) {
                assertThat(newMark.getAsLong()).as("the mark only moves forward").isGreaterThan(mark);
                mark = newMark.getAsLong();
            }
            for (Map.Entry<String, List<Long>> doc : opOffsets.entrySet()) {
                List<Long> offsets = doc.getValue();
                for (int i = checkpointHolds.getOrDefault(doc.getKey(), 0); i < offsets.size(); i++) {
                    assertThat(offsets.get(i)).as("op %d of %s after its checkpoint, transaction %d", i,
                            doc.getKey(), t).isGreaterThanOrEqualTo(mark);
                }
                assertThat(state.dirty(doc.getKey()))
                        .isEqualTo(checkpointHolds.getOrDefault(doc.getKey(), 0) < offsets.size());
            }
        }
    }
}
