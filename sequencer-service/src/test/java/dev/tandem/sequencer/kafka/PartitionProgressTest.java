package dev.tandem.sequencer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tandem.sequencer.kafka.PartitionProgress.Sample;

/** The readiness decision: DOWN only for a partition with input whose committed offset stands still too long. */
class PartitionProgressTest {

    private static final Instant T0 = Instant.parse("2025-01-15T09:30:00Z");

    private final PartitionProgress progress = new PartitionProgress(Duration.ofSeconds(30));

    @Test
    void aPartitionWithInputThatDoesNotMoveForTheTimeoutIsStalledByName() {
        progress.observe(List.of(3), Map.of(3, new Sample(120, 125)), T0);
        progress.observe(List.of(3), Map.of(3, new Sample(120, 126)), T0.plusSeconds(29));
        assertThat(progress.stalled(T0.plusSeconds(29))).isEmpty();

        progress.observe(List.of(3), Map.of(3, new Sample(120, 126)), T0.plusSeconds(30));

        assertThat(progress.stalled(T0.plusSeconds(30))).containsExactly("partition 3 of tandem.edits has 6 edits "
                + "waiting and its committed offset 120 has not moved for 30 s");
    }

    @Test
    void aPartitionWhoseCommittedOffsetMovesIsNotStalledHoweverLongItsInput() {
        for (int second = 0; second <= 120; second += 10) {
            progress.observe(List.of(1), Map.of(1, new Sample(100 + second, 1000)), T0.plusSeconds(second));
        }
        assertThat(progress.stalled(T0.plusSeconds(120))).isEmpty();
    }

    @Test
    void anIdlePartitionIsNeverStalledAndItsClockStartsWhenInputArrives() {
        progress.observe(List.of(0), Map.of(0, new Sample(50, 50)), T0);
        progress.observe(List.of(0), Map.of(0, new Sample(50, 50)), T0.plusSeconds(100));
        assertThat(progress.stalled(T0.plusSeconds(100))).isEmpty();

        progress.observe(List.of(0), Map.of(0, new Sample(50, 51)), T0.plusSeconds(110));
        assertThat(progress.stalled(T0.plusSeconds(110))).isEmpty();
        progress.observe(List.of(0), Map.of(0, new Sample(50, 51)), T0.plusSeconds(131));
        assertThat(progress.stalled(T0.plusSeconds(131))).hasSize(1);
    }

    @Test
    void aRevokedPartitionIsForgotten() {
        progress.observe(List.of(2), Map.of(2, new Sample(0, 9)), T0);
        progress.observe(List.of(), Map.of(), T0.plusSeconds(60));

        assertThat(progress.stalled(T0.plusSeconds(60))).isEmpty();
    }
}
