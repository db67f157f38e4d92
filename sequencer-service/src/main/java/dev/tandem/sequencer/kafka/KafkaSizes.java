package dev.tandem.sequencer.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka size settings of the sequencer's clients, computed from {@code tandem.limits.max-frame-bytes}
 * ({@link KafkaSettings} applies them).
 */
final class KafkaSizes {

    private KafkaSizes() {
    }

    /** A consumer fetches a whole record of the largest size in one request per partition. */
    static Map<String, Object> consumer(LimitsConfig limits) {
        return Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, limits.maxKafkaRecordBytes());
    }

    /**
     * The producer accepts a record of the largest size (a decision, or a checkpoint: a whole document) and has
     * room for two of them; a larger one is refused before it is produced. A decision's own limit is kept by the
     * sequencer ({@code RecordBudget}) and by the topic's {@code max.message.bytes}.
     */
    static Map<String, Object> producer(LimitsConfig limits, int checkpointMaxBytes) {
        int largest = Math.max(limits.maxKafkaRecordBytes(), checkpointMaxBytes);
        return Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, largest,
                ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L << 20, 2L * largest));
    }
}
