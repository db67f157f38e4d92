package dev.tandem.sequencer.kafka;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import io.smallrye.common.annotation.Identifier;

/**
 * The Kafka size settings of the channels, computed from {@code tandem.limits.max-frame-bytes} (a properties file
 * cannot compute them). The channels name these beans with {@code kafka-configuration}; SmallRye merges them under
 * the channel's own properties, so none of these may also be set there.
 */
@ApplicationScoped
public class KafkaSizes {

    static final String EDITS_CONSUMER = "tandem-edits-consumer-sizes";
    static final String OPS_PRODUCER = "tandem-ops-producer-sizes";

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

    @Produces
    @Identifier(EDITS_CONSUMER)
    Map<String, Object> editsConsumer(LimitsConfig limits) {
        return consumer(limits);
    }

    @Produces
    @Identifier(OPS_PRODUCER)
    Map<String, Object> opsProducer(LimitsConfig limits, SequencerConfig config) {
        return producer(limits, config.checkpointMaxBytes());
    }
}
