package dev.tandem.sequencer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tandem.sequencer.checkpoint.PartitionCheckpoints;
import dev.tandem.sequencer.kafka.PartitionRebuild.Ends;

class KeptPartitionsTest {

    private final KeptPartitions kept = new KeptPartitions();
    private final PartitionCheckpoints state = new PartitionCheckpoints(100, 0);

    @Test
    void aPartitionThatLeftExactIsTakenBackOnlyIfItsLogsEndWhereTheyDid() {
        kept.exact(3, new Ends(100, 7));
        kept.left(3, state, List.of());
        assertThat(kept.keptAmong(Set.of(1, 3))).containsExactly(3);
        assertThat(kept.takeBack(3, new Ends(100, 7))).hasValueSatisfying(back ->
                assertThat(back.checkpoints()).isSameAs(state));

        kept.left(3, state, List.of()); // taken back exact: kept again when it leaves again
        assertThat(kept.takeBack(3, new Ends(102, 7))).as("someone wrote to tandem.ops meanwhile").isEmpty();
        assertThat(kept.keptAmong(Set.of(3))).as("no longer kept either way").isEmpty();
    }

    @Test
    void aPartitionWeWroteToOrForgotIsNotKept() {
        kept.exact(1, new Ends(10, 1));
        kept.exact(2, new Ends(20, 2));
        kept.wrote(List.of(1));
        kept.forget(2);
        kept.left(1, state, List.of());
        kept.left(2, state, List.of());
        assertThat(kept.size()).isZero();
    }

    @Test
    void checkpointsMovingMeansARebuildToo() {
        kept.exact(0, new Ends(5, 5));
        kept.left(0, state, List.of());
        assertThat(kept.takeBack(0, new Ends(5, 6))).isEmpty();
    }
}
