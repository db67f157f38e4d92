package dev.tandem.snapshot.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.tandem.protocol.SizeLimits;

class OpsFetchSizeTest {

    @Test
    void oneFetchHoldsTheLargestRecordOfTheFrameLimit() {
        for (int frame : new int[] {SizeLimits.DEFAULT_MAX_FRAME_BYTES, 8 << 20}) {
            assertThat(OpsFetchSize.settings(frame))
                    .containsEntry("max.partition.fetch.bytes", SizeLimits.maxKafkaRecordBytes(frame));
        }
    }
}
