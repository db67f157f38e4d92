package dev.tandem.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tandem.protocol.SizeLimits;

/** The gateway's Kafka clients take records of the largest size its frame limit admits (SizeLimits). */
class KafkaSettingsTest {

    @Test
    void producerAndConsumersAreSizedFromTheFrameLimit() {
        int frame = 2 << 20;
        var settings = new KafkaSettings(Map.of("bootstrap.servers", "k:9092", "group.id", "g"), frame);

        assertThat(settings.producer(Map.of("acks", "all")))
                .containsEntry("max.request.size", SizeLimits.maxKafkaRecordBytes(frame))
                .containsEntry("acks", "all").containsEntry("bootstrap.servers", "k:9092");
        assertThat(settings.consumer(Map.of()))
                .containsEntry("max.partition.fetch.bytes", SizeLimits.maxKafkaRecordBytes(frame))
                .doesNotContainKey("group.id");
    }
}
