package dev.tandem.gateway.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.Utils;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tandem.protocol.SizeLimits;
import io.smallrye.common.annotation.Identifier;

/**
 * The application's {@code kafka.*} settings (bootstrap servers, security) for the plain Kafka clients of the
 * gateway, sized from {@code tandem.limits.max-frame-bytes} like every hop ({@link SizeLimits}). Only settings a
 * client knows are passed on, so it does not warn about the others.
 */
@ApplicationScoped
public class KafkaSettings {

    private final Map<String, Object> defaults;
    private final int maxKafkaRecordBytes;

    @Inject
    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> defaults,
                         @ConfigProperty(name = "tandem.limits.max-frame-bytes",
                                 defaultValue = "" + SizeLimits.DEFAULT_MAX_FRAME_BYTES) int maxFrameBytes) {
        this.defaults = defaults;
        this.maxKafkaRecordBytes = SizeLimits.maxKafkaRecordBytes(maxFrameBytes);
    }

    public Admin admin() {
        return Admin.create(known(AdminClientConfig.configNames(), Map.of()));
    }

    /**
     * Settings for a consumer without a group (the gateway assigns partitions itself and commits nothing), fetching
     * records of the largest size in one request ({@link SizeLimits#maxKafkaRecordBytes}).
     */
    public Map<String, Object> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = known(ConsumerConfig.configNames(),
                Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxKafkaRecordBytes));
        config.putAll(overrides);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }

    /** Settings for a producer that takes an {@code EditSubmitted} of the largest frame the gateway admits. */
    public Map<String, Object> producer(Map<String, Object> overrides) {
        Map<String, Object> config = known(ProducerConfig.configNames(),
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxKafkaRecordBytes));
        config.putAll(overrides);
        return config;
    }

    /** The partition Kafka's default partitioner gives a record keyed by {@code docId}. */
    public static int partitionOf(String docId, int partitions) {
        return Utils.toPositive(Utils.murmur2(docId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private Map<String, Object> known(Set<String> names, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        defaults.forEach((key, value) -> {
            if (names.contains(key)) {
                config.put(key, value);
            }
        });
        config.putAll(overrides);
        return config;
    }
}
