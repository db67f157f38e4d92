package dev.tandem.snapshot.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    private static final TopicPartition P0 = new TopicPartition("tandem.ops", 0);
    private static final TopicPartition P1 = new TopicPartition("tandem.ops", 1);

    @Test
    void withoutPartitionsItIsNotReady() {
        CatchUp state = CatchUp.of(Map.of(), Map.of(), Map.of(), 100);
        assertThat(state.ready()).isFalse();
        assertThat(state.reason()).contains("no partition");
    }

    @Test
    void anIdlePartitionOneMarkerBehindIsCaughtUp() {
        CatchUp state = CatchUp.of(Map.of(P0, 109L), Map.of(P0, 108L), Map.of(P0, 0L), 100);
        assertThat(state.ready()).isTrue();
        assertThat(state.lag()).isEqualTo(1);
    }

    @Test
    void aBacklogAboveTheBoundIsNotReadyAndNamesTheWorstPartition() {
        CatchUp state = CatchUp.of(Map.of(P0, 500L, P1, 90L), Map.of(P0, 100L, P1, 40L), Map.of(), 100);
        assertThat(state.ready()).isFalse();
        assertThat(state.lag()).isEqualTo(450);
        assertThat(state.reason()).contains("450 records").contains("partition 0: 400");
    }

    @Test
    void nothingCommittedYetCountsTheWholePartitionFromItsBeginning() {
        CatchUp state = CatchUp.of(Map.of(P0, 1_000L), Map.of(), Map.of(P0, 950L), 100);
        assertThat(state.ready()).isTrue();
        assertThat(state.lag()).isEqualTo(50);
        assertThat(CatchUp.of(Map.of(P0, 1_000L), Map.of(), Map.of(P0, 0L), 100).ready()).isFalse();
    }

    @Test
    void theBoundItselfIsStillReady() {
        assertThat(CatchUp.of(Map.of(P0, 100L), Map.of(P0, 0L), Map.of(), 100).ready()).isTrue();
        assertThat(CatchUp.of(Map.of(P0, 101L), Map.of(P0, 0L), Map.of(), 100).ready()).isFalse();
    }
}
