package dev.tandem.snapshot.ingest;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tandem.protocol.SizeLimits;
import io.smallrye.common.annotation.Identifier;

/**
 * The fetch size of the {@code ops} channel, computed from {@code tandem.limits.max-frame-bytes} like every hop
 * ({@link SizeLimits}): one fetch per partition holds an {@code OpCommitted} of the largest size. The channel names
 * this bean with {@code kafka-configuration}.
 */
@ApplicationScoped
public class OpsFetchSize {

    static final String NAME = "tandem-ops-consumer-sizes";

    static Map<String, Object> settings(int maxFrameBytes) {
        return Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, SizeLimits.maxKafkaRecordBytes(maxFrameBytes));
    }

    @Produces
    @Identifier(NAME)
    Map<String, Object> opsConsumer(@ConfigProperty(name = "tandem.limits.max-frame-bytes",
            defaultValue = "" + SizeLimits.DEFAULT_MAX_FRAME_BYTES) int maxFrameBytes) {
        return settings(maxFrameBytes);
    }
}
