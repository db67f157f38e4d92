package dev.tandem.sequencer.kafka;

import dev.tandem.protocol.SizeLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The one size setting of the whole system ({@code tandem.limits.*}, shared with the gateway): every Kafka size
 * limit on the path of an edit derives from it through {@link SizeLimits} (docs/protocol.md, section 12).
 */
@ConfigMapping(prefix = "tandem.limits")
public interface LimitsConfig {

    /**
     * The largest frame a client may send, in bytes (environment: {@code TANDEM_LIMITS_MAX_FRAME_BYTES}). The
     * sequencer sizes from it its producer's {@code max.request.size}, its consumers' fetch size, the topics'
     * {@code max.message.bytes} and the largest {@code OpCommitted} it writes; the brokers' {@code
     * message.max.bytes} must follow ({@link SizeLimits#maxKafkaRecordBytes}).
     */
    @WithDefault("" + SizeLimits.DEFAULT_MAX_FRAME_BYTES)
    int maxFrameBytes();

    /** The largest encoded value of a record on tandem.edits or tandem.ops. */
    default int maxRecordValueBytes() {
        return SizeLimits.maxRecordValueBytes(maxFrameBytes());
    }

    /** What every Kafka size setting is set to: max.request.size, max.message.bytes, max.partition.fetch.bytes. */
    default int maxKafkaRecordBytes() {
        return SizeLimits.maxKafkaRecordBytes(maxFrameBytes());
    }
}
