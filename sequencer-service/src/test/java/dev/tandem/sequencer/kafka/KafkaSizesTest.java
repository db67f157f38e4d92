package dev.tandem.sequencer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tandem.protocol.SizeLimits;
import dev.tandem.protocol.Topics;
import dev.tandem.sequencer.kafka.TopicInitializer.TopicSpec;

/** Every Kafka size setting of the sequencer follows the one frame limit, through SizeLimits. */
class KafkaSizesTest {

    private static LimitsConfig frame(int bytes) {
        return () -> bytes;
    }

    @Test
    void theChannelsAreSizedForTheLargestRecordOfTheFrameLimit() {
        for (int frame : new int[] {SizeLimits.DEFAULT_MAX_FRAME_BYTES, 4 << 20, 2048}) {
            int expected = SizeLimits.maxKafkaRecordBytes(frame);
            assertThat(KafkaSizes.producer(frame(frame), 1000)).containsEntry("max.request.size", expected);
            assertThat(KafkaSizes.consumer(frame(frame))).containsEntry("max.partition.fetch.bytes", expected);
        }
        assertThat(SizeLimits.maxKafkaRecordBytes(SizeLimits.DEFAULT_MAX_FRAME_BYTES)).isEqualTo(1_118_208);
    }

    @Test
    void theProducerTakesTheLargestCheckpointAndHasRoomForTwo() {
        int checkpoint = 44 << 20;
        Map<String, Object> producer = KafkaSizes.producer(frame(SizeLimits.DEFAULT_MAX_FRAME_BYTES), checkpoint);
        assertThat(producer).containsEntry("max.request.size", checkpoint)
                .containsEntry("buffer.memory", 2L * checkpoint);
    }

    @Test
    void theCheckpointTopicIsCompactedAndTakesTheLargestCheckpoint() {
        TopicSpec checkpoints = TopicInitializer.topics(SizeLimits.DEFAULT_MAX_FRAME_BYTES, 45_000_000).stream()
                .filter(topic -> topic.name().equals(Topics.CHECKPOINTS)).findFirst().orElseThrow();
        assertThat(checkpoints.configs()).containsEntry("cleanup.policy", "compact")
                .containsEntry("max.message.bytes", "45000000");
    }

    @Test
    void theTopicsThatCarryEditsTakeTheLargestRecord() {
        int frame = 3 << 20;
        Map<String, TopicSpec> topics = new java.util.HashMap<>();
        TopicInitializer.topics(frame, 1000).forEach(topic -> topics.put(topic.name(), topic));
        String expected = String.valueOf(SizeLimits.maxKafkaRecordBytes(frame));
        for (String name : new String[] {Topics.EDITS, Topics.OPS, Topics.EDITS_DEAD}) {
            assertThat(topics.get(name).configs()).containsEntry("max.message.bytes", expected);
        }
    }
}
