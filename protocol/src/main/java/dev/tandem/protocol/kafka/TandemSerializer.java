package dev.tandem.protocol.kafka;

import dev.tandem.protocol.TandemJson;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka value serializer writing a protocol record as UTF-8 JSON with {@link TandemJson}; {@code null} stays
 * {@code null}. Configure one of the concrete subclasses by class name.
 */
public abstract class TandemSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : TandemJson.shared().encodeBytes(data);
    }
}
