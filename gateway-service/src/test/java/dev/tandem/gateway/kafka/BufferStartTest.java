package dev.tandem.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where the ops consumer starts a partition's buffer ({@link OpsConsumer#startOffset}). */
class BufferStartTest {

    @Test
    void atTheEndAfterAPauseItStartsWhereTheSnapshotServiceHasFolded() {
        // log end 109 is past the last transaction marker (108); the snapshot service committed 108
        assertThat(OpsConsumer.startOffset(109, 0, 108L, 20_000)).isEqualTo(108);
    }

    @Test
    void aSnapshotServiceALittleBehindIsCoveredByTheBuffer() {
        assertThat(OpsConsumer.startOffset(5_000, 0, 1_000L, 20_000)).isEqualTo(1_000);
    }

    @Test
    void aSnapshotServiceFarBehindIsWaitedForRatherThanReadIntoMemory() {
        assertThat(OpsConsumer.startOffset(50_000, 0, 1_000L, 20_000)).isEqualTo(50_000);
    }

    @Test
    void theLookBackStartStandsWhenTheSnapshotServiceIsAheadOfItOrUnknown() {
        assertThat(OpsConsumer.startOffset(300, 0, 400L, 20_000)).isEqualTo(300);
        assertThat(OpsConsumer.startOffset(300, 0, null, 20_000)).isEqualTo(300);
    }

    @Test
    void anOffsetBelowTheBeginningOfTheLogIsNeverUsed() {
        // retention deleted what the snapshot service's offset points at
        assertThat(OpsConsumer.startOffset(300, 200, 100L, 20_000)).isEqualTo(300);
    }
}
