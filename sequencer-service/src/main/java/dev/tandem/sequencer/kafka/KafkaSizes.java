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

    /** The producer accepts a record of the largest size; a larger one is refused before it is produced. */
    static Map<String, Object> producer(LimitsConfig limits) {
        return Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limits.maxKafkaRecordBytes());
    }

    @Produces
    @Identifier(EDITS_CONSUMER)
    Map<String, Object> editsConsumer(LimitsConfig limits) {
        return consumer(limits);
    }

    @Produces
    @Identifier(OPS_PRODUCER)
    Map<String, Object> opsProducer(LimitsConfig limits) {
        return producer(limits);
    }
}
