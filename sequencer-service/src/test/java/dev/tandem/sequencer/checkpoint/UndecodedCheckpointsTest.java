package dev.tandem.sequencer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The checkpoints a rebuild keeps undecoded: handed out once, and never once the document was checkpointed again. */
class UndecodedCheckpointsTest {

    private final byte[] bytes = {1, 2, 3};

    @Test
    void aKeptCheckpointIsHandedOutOnce() {
        PartitionCheckpoints state = new PartitionCheckpoints(100, 50);
        state.checkpointFound("doc", 7);
        state.keepUndecoded("doc", 7, bytes);

        assertThat(state.undecodedCount()).isEqualTo(1);
        assertThat(state.undecodedBytes()).isEqualTo(3);
        assertThat(state.takeUndecoded("doc")).containsSame(bytes);
        assertThat(state.takeUndecoded("doc")).isEmpty();
        assertThat(state.undecodedCount()).isZero();
    }

    @Test
    void aCheckpointWrittenSinceMakesTheKeptOneStale() {
        PartitionCheckpoints state = new PartitionCheckpoints(100, 50);
        state.checkpointFound("doc", 7);
        state.keepUndecoded("doc", 7, bytes);

        state.committed(Map.of("doc", 100L), Map.of("doc", 8L), OptionalLong.empty(), OptionalLong.of(100));

        assertThat(state.takeUndecoded("doc")).isEmpty();
        assertThat(state.checkpointOf("doc")).hasValue(8);
    }

    @Test
    void bytesKeptForAnOlderOffsetThanTheLatestAreNotUsed() {
        PartitionCheckpoints state = new PartitionCheckpoints(100, 50);
        state.keepUndecoded("doc", 7, bytes);
        state.checkpointFound("doc", 9);

        assertThat(state.takeUndecoded("doc")).isEmpty();
        assertThat(state.takeUndecoded("other")).isEmpty();
    }
}
